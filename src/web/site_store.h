// The read-only SQL of the status, closures and untagged pages
// (docs/behaviour.md §18.9–§18.11). Every query is bounded: a LIMIT on an
// index, the small closure_events / status_checks tables, the last day of
// metadata_changes, or the partial untagged indexes of migration 012. The
// SQL texts are public so a test can check their query plans.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/stats_store.h"
#include "base/result.h"
#include "db/database.h"
#include "seo/seo_store.h"

namespace wpp::web {

struct PackageChange {
  std::string package_name{};  // Composer name: "wp-plugin/akismet".
  std::string action{};        // "update" / "delete".
};

struct BuildRow {
  std::string id{};
  std::string started_at{};
  std::string finished_at{};
  int64_t packages_total = 0;
  int64_t packages_changed = 0;
  int64_t artifact_count = 0;
  std::string status{};
  std::string r2_synced_at{};
  std::string error_message{};
  std::optional<int64_t> duration_seconds{};
  std::optional<int64_t> discover_seconds{};
  std::optional<int64_t> update_seconds{};
  std::optional<int64_t> build_seconds{};
  std::optional<int64_t> deploy_seconds{};
  std::optional<int64_t> r2_upload_seconds{};
  std::vector<PackageChange> changes{};  // Of the last day, newest first.
};

struct CheckChange {
  std::string package_type{};
  std::string package_name{};
  std::string action{};  // deactivated / reactivated / tombstoned.
};

struct CheckRow {
  int64_t id = 0;
  std::string started_at{};
  std::string finished_at{};
  std::string status{};
  int64_t checked = 0;
  int64_t deactivated = 0;
  int64_t reactivated = 0;
  int64_t failed = 0;
  std::optional<int64_t> duration_seconds{};
  std::vector<CheckChange> changes{};
};

struct Activity {
  int64_t updated = 0;  // Distinct packages published in the last day.
  int64_t deactivated = 0;
  int64_t reactivated = 0;
};

struct Freshness {
  std::string newest_commit{};  // Newest last_committed of an active package.
  int64_t plugin_revision = 0;  // Changelog watermarks (0: none yet).
  int64_t theme_revision = 0;
};

struct StatusData {
  api::SiteStats stats{};
  std::string stats_updated_at{};  // When package_stats was refreshed.
  std::vector<BuildRow> builds{};
  std::vector<CheckRow> checks{};
  Activity activity{};
  Freshness freshness{};
};

// A closure_events row (the feeds read the same).
using ClosureEventRow = seo::ClosureEvent;

struct ClosurePage {
  std::vector<ClosureEventRow> events{};
  int64_t total = 0;
};

struct PluginState {
  std::string display_name{};
  bool known = false;
  bool active = false;
  bool permanently_closed = false;
};

struct UntaggedQuery {
  std::string filter{};  // "trunk-only", "latest-not-tagged", else all.
  std::string search{};
  std::string author{};
  std::string sort{};  // "updated", "least_updated", else active installs.
  int64_t page = 1;
};

struct UntaggedRow {
  std::string name{};
  std::string display_name{};
  std::string author{};
  std::string current_version{};
  std::string wporg_version{};
  std::string last_committed{};
  int64_t active_installs = 0;
  bool trunk_only = false;  // No tagged version at all.
};

struct UntaggedPage {
  std::vector<UntaggedRow> rows{};
  int64_t total = 0;
  int64_t active_plugins = 0;  // package_stats, for the share.
};

inline constexpr int64_t kStatusRows = 20;
inline constexpr int64_t kClosuresPerPage = 50;
inline constexpr int64_t kUntaggedPerPage = 20;
inline constexpr int64_t kChangesPerBuild = 200;

extern const char kBuildsSql[];
extern const char kRecentChangesSql[];
extern const char kChecksSql[];
extern const char kCheckChangesSql[];
extern const char kActivityChangesSql[];
extern const char kActivityChecksSql[];
extern const char kNewestCommitSql[];
extern const char kClosureEventsRecentSql[];
extern const char kClosureEventsLargestSql[];
extern const char kVendorEventsSql[];
extern const char kPluginStateSql[];
extern const char kUntaggedAuthorsSql[];
// The untagged list's SQL for a query (its WHERE/ORDER BY depend on the
// filters); the count's SQL likewise.
std::string UntaggedListSql(const UntaggedQuery& q);
std::string UntaggedCountSql(const UntaggedQuery& q);

// Everything /status shows; `now_ms` bounds "the last day".
base::Result<StatusData> LoadStatus(db::Database& db, int64_t now_ms);
// One page (1-based) of mass-closure events; `by_count` sorts by size.
base::Result<ClosurePage> LoadClosures(db::Database& db, int64_t page, bool by_count);
// Every event of a vendor, newest first (empty: unknown vendor).
base::Result<std::vector<ClosureEventRow>> LoadVendorEvents(db::Database& db,
                                                            const std::string& vendor_slug);
// The current state of plugin `slug` (known = false when not mirrored).
base::Result<PluginState> LoadPluginState(db::Database& db, const std::string& slug);
base::Result<UntaggedPage> LoadUntagged(db::Database& db, const UntaggedQuery& q);
// Up to 10 authors of untagged plugins starting with `prefix` (≥ 2 bytes).
base::Result<std::vector<std::string>> UntaggedAuthors(db::Database& db, const std::string& prefix);

}  // namespace wpp::web
