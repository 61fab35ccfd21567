// Small, valid zip archives (stored entries, CRC-32 from zlib) for the fake's
// download URLs: a plugin zip holds <slug>/<slug>.php with a plugin header
// and <slug>/readme.txt; a theme zip holds <slug>/style.css and index.php.
// The bytes depend only on the inputs, so a zip's checksum is stable.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "package.h"

namespace wpp::fakewporg {

struct ZipEntry {
  std::string name{};  // A name ending in '/' is a directory.
  std::string data{};
};

// A zip of `entries`, every entry dated `mtime_ms` (UTC).
std::string BuildZip(const std::vector<ZipEntry>& entries, int64_t mtime_ms);

// The zip of one version of a package (`version` empty: trunk), dated
// `mtime_ms`.
std::string PackageZip(const Package& p, std::string_view version, int64_t mtime_ms);

}  // namespace wpp::fakewporg
