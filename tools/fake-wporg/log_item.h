// One revision of an SVN repository as the DAV log REPORT shows it.

#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wpp::fakewporg {

struct ChangedPath {
  char action = 'M';  // 'A'dded, 'M'odified, 'D'eleted, 'R'eplaced.
  bool is_dir = false;
  std::string path{};  // "/akismet/tags/5.0".
  std::string copyfrom_path{};
  int64_t copyfrom_revision = 0;
};

struct LogItem {
  int64_t revision = 0;
  int64_t time_ms = 0;
  std::string author{};
  std::string comment{};  // May hold control characters, as old commits do.
  std::vector<ChangedPath> paths{};
};

}  // namespace wpp::fakewporg
