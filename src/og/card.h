// The social preview images ("OG images", docs/behaviour.md §15): what a
// package's card shows, the storage keys, the public URLs and the count
// format. Plain data and pure functions: nothing here includes cairo or
// pango (they stay inside renderer.cc).

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/package_type.h"

namespace wpp::og {

// The site's own look: names drawn on every card (docs/behaviour.md §15.1).
struct Look {
  std::string site_name = "wppackages";  // config site_name / SITE_NAME.
  std::string host{};                    // The host of app_url; empty: not drawn.
  std::string tagline = "WordPress plugins and themes via Composer";
};

// What one package's card shows.
struct Card {
  base::PackageType type = base::PackageType::kPlugin;
  std::string slug{};
  std::string display_name{};  // Empty: the slug is the title.
  std::string version{};       // Empty: no version drawn.
  std::string description{};
  int64_t active_installs = 0;    // WordPress.org's count.
  int64_t composer_installs = 0;  // Installs through this repository.
};

inline constexpr std::string_view kDefaultImageKey = "social/default.png";

// "social/plugin/<slug>.png" / "social/theme/<slug>.png".
std::string PackageImageKey(base::PackageType type, std::string_view slug);

// The public URL of `key` (docs/behaviour.md §15.3): `cdn_public_url` + "/" +
// key when set, else `app_url` + "/og/" + key, else "/og/" + key.
std::string ImageUrl(std::string_view cdn_public_url, std::string_view app_url,
                     std::string_view key);

// The count format of the cards (docs/behaviour.md §15.1): 1.2M, 35k, 300+,
// 40+, 7.
std::string FormatCount(int64_t count);

// The host of an http(s) URL ("https://repo.example.com/x" →
// "repo.example.com"); empty when there is none.
std::string HostOf(std::string_view url);

// Maps the rest of an /og/ request path ("social/plugin/akismet.png") to a
// key, or nullopt when it is not one this site writes: lower-case letters,
// digits, '.', '_' and '-' in segments that do not start with '.', ending in
// ".png" (docs/behaviour.md §15.3).
std::optional<std::string> KeyFromPath(std::string_view path);

// Text as a card draws it: invalid UTF-8 replaced, control characters and
// runs of white space folded to one space, trimmed, and cut after
// `max_chars` code points (docs/behaviour.md §15.1).
std::string CardText(std::string_view text, size_t max_chars);

}  // namespace wpp::og
