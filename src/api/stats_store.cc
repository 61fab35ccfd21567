#include "api/stats_store.h"

#include <algorithm>

namespace wpp::api {

base::Result<std::optional<SiteStats>> StatsStore::Site() {
  std::optional<SiteStats> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading package_stats", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT active_plugins, active_themes, plugin_installs, theme_installs, "
                        "installs_30d FROM package_stats WHERE id = 1");
    if (q.executeStep()) {
      out = SiteStats{.active_plugins = q.getColumn(0).getInt64(),
                      .active_themes = q.getColumn(1).getInt64(),
                      .plugin_installs = q.getColumn(2).getInt64(),
                      .theme_installs = q.getColumn(3).getInt64(),
                      .installs_30d = q.getColumn(4).getInt64()};
    }
  }));
  return out;
}

base::Result<std::optional<PackageCounters>> StatsStore::ActivePackage(const std::string& type,
                                                                       const std::string& name) {
  std::optional<PackageCounters> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading package counters", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT id, wp_packages_installs_total, wp_packages_installs_30d FROM "
                        "packages WHERE type = ? AND name = ? AND is_active = 1");
    q.bind(1, type);
    q.bind(2, name);
    if (q.executeStep()) {
      out = PackageCounters{.id = q.getColumn(0).getInt64(),
                            .total = q.getColumn(1).getInt64(),
                            .last_30d = q.getColumn(2).getInt64()};
    }
  }));
  return out;
}

base::Result<std::vector<MonthInstalls>> StatsStore::Months(int64_t package_id, int limit) {
  std::vector<MonthInstalls> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading monthly installs", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT month, installs FROM monthly_installs WHERE package_id = ? "
                        "ORDER BY month DESC LIMIT ?");
    q.bind(1, package_id);
    q.bind(2, limit);
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64()});
    }
  }));
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace wpp::api
