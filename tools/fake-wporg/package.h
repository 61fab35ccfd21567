// The fake's model of one WordPress.org package (plugin or theme): what its
// info API answer, SVN folders and zip files are rendered from.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wpp::fakewporg {

enum class RepoType { kPlugin = 0, kTheme = 1 };

// "plugin" or "theme".
std::string_view RepoTypeName(RepoType type);

enum class Closure { kNone, kTemporary, kPermanent };

// How `last_updated` is spelled: the live plugin API uses "2024-10-03
// 2:31pm GMT"; the captured fixtures and themes use "2024-10-03 14:31:00".
enum class DateStyle { kTwelveHour, kIso };

// One SVN tag: a key of the API's `versions` map and a folder under tags/.
struct VersionTag {
  std::string name{};
  int64_t published_ms = 0;  // When the tag folder was created.
  int64_t revision = 0;      // The revision that created it.
};

struct Package {
  RepoType type = RepoType::kPlugin;
  std::string slug{};
  std::string name{};
  std::string version{};  // The published stable tag.
  std::string author{};   // HTML anchor for plugins, plain text for themes.
  bool author_is_object = false;
  std::string homepage{};
  std::string short_description{};
  std::string description_html{};  // sections.description.
  std::string requires_wp{};       // Empty: the API answers false.
  std::string tested{};
  std::string requires_php{};
  std::string added{};  // YYYY-MM-DD.
  int64_t last_updated_ms = 0;
  DateStyle date_style = DateStyle::kTwelveHour;
  int64_t downloaded = 0;
  int64_t active_installs = 0;
  int rating = 0;
  int num_ratings = 0;
  std::vector<VersionTag> tags{};     // In publish order.
  std::string trunk_key{};            // "trunk", "dev-trunk", or empty for none.
  bool versions_empty_array = false;  // Live quirk: `[]` instead of `{}`.
  bool php_escaping = true;           // Escape "/" and non-ASCII like PHP.
  bool invalid_utf8 = false;          // Some text holds invalid UTF-8 bytes.
  Closure closure = Closure::kNone;
  std::string closed_date{};      // YYYY-MM-DD.
  std::string closure_payload{};  // Verbatim closure JSON (fixtures only).
  bool api_missing = false;       // In SVN, but the API says "not found".
  int64_t last_revision = 0;      // Newest revision that touched the package.
  bool fixture = false;
};

// True when the package answers a normal info response (not closed, not
// missing) with clean text, so new releases can be published for it.
bool IsHealthy(const Package& package);

// Folder name of a package's version tags below the SVN root: "<slug>/tags"
// for plugins, "<slug>" for themes.
std::string TagsFolder(const Package& package);

}  // namespace wpp::fakewporg
