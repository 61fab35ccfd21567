// The read-only SQL behind the public stats API (docs/behaviour.md §13):
// package_stats, an active package's install counters and its months.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "db/database.h"

namespace wpp::api {

struct SiteStats {
  int64_t active_plugins = 0;
  int64_t active_themes = 0;
  int64_t plugin_installs = 0;
  int64_t theme_installs = 0;
  int64_t installs_30d = 0;
};

struct PackageCounters {
  int64_t id = 0;
  int64_t total = 0;
  int64_t last_30d = 0;
};

struct MonthInstalls {
  std::string month{};  // YYYY-MM
  int64_t installs = 0;
};

// Borrows `db`; not thread-safe (one per request's connection).
class StatsStore {
 public:
  explicit StatsStore(db::Database& db) : db_(db) {}

  // Row 1 of package_stats; nullopt when it is missing.
  base::Result<std::optional<SiteStats>> Site();
  // An active package by DB type ("plugin"/"theme") and exact name.
  base::Result<std::optional<PackageCounters>> ActivePackage(const std::string& type,
                                                             const std::string& name);
  // The `limit` most recent months of a package, oldest first.
  base::Result<std::vector<MonthInstalls>> Months(int64_t package_id, int limit);

 private:
  db::Database& db_;
};

}  // namespace wpp::api
