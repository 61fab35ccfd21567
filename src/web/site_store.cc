#include "web/site_store.h"

#include "base/clock.h"
#include "base/strings.h"

namespace wpp::web {

const char kBuildsSql[] =
    "SELECT id, started_at, COALESCE(finished_at, ''), packages_total, packages_changed, "
    "artifact_count, status, COALESCE(r2_synced_at, ''), COALESCE(error_message, ''), "
    "duration_seconds, discover_seconds, update_seconds, build_seconds, deploy_seconds, "
    "r2_upload_seconds FROM builds ORDER BY started_at DESC LIMIT ?1";
const char kRecentChangesSql[] =
    "SELECT build_id, package_name, action FROM metadata_changes "
    "INDEXED BY idx_metadata_changes_timestamp WHERE timestamp > ?1 "
    "ORDER BY timestamp DESC LIMIT ?2";
const char kChecksSql[] =
    "SELECT id, started_at, COALESCE(finished_at, ''), status, checked, deactivated, "
    "reactivated, failed, duration_seconds FROM status_checks ORDER BY started_at DESC LIMIT ?1";
const char kCheckChangesSql[] =
    "SELECT package_type, package_name, action FROM status_check_changes "
    "WHERE status_check_id = ?1 ORDER BY id LIMIT ?2";
const char kActivityChangesSql[] =
    "SELECT COUNT(DISTINCT package_name) FROM metadata_changes "
    "INDEXED BY idx_metadata_changes_timestamp WHERE timestamp > ?1";
const char kActivityChecksSql[] =
    "SELECT COALESCE(SUM(deactivated), 0), COALESCE(SUM(reactivated), 0) FROM status_checks "
    "INDEXED BY idx_status_checks_started_at WHERE started_at > ?1";
const char kNewestCommitSql[] = "SELECT MAX(last_committed) FROM packages WHERE is_active = 1";
const char kClosureEventsRecentSql[] =
    "SELECT id, vendor_name, vendor_slug, detected_at, plugin_slugs, plugin_count "
    "FROM closure_events ORDER BY detected_at DESC, id DESC LIMIT ?1 OFFSET ?2";
const char kClosureEventsLargestSql[] =
    "SELECT id, vendor_name, vendor_slug, detected_at, plugin_slugs, plugin_count "
    "FROM closure_events ORDER BY plugin_count DESC, detected_at DESC, id DESC "
    "LIMIT ?1 OFFSET ?2";
const char kVendorEventsSql[] =
    "SELECT id, vendor_name, vendor_slug, detected_at, plugin_slugs, plugin_count "
    "FROM closure_events WHERE vendor_slug = ?1 ORDER BY detected_at DESC, id DESC";
const char kPluginStateSql[] =
    "SELECT COALESCE(display_name, ''), is_active, permanently_closed FROM packages "
    "WHERE type = 'plugin' AND name = ?1";

namespace {

// The partial indexes' condition (migrations/012_site_pages.sql), verbatim:
// SQLite uses a partial index only when the query repeats its WHERE terms.
constexpr char kUntaggedWhere[] =
    "is_active = 1 AND type = 'plugin' AND wporg_version IS NOT NULL AND wporg_version != '' "
    "AND instr(versions_json, '\"' || ltrim(wporg_version, 'vV') || '\":') = 0";
// True when no version other than dev-trunk is tagged: every key of the
// canonical versions_json is followed by `":` (values are URLs, which hold
// no quote), so counting that pair counts the keys, without parsing JSON.
constexpr char kTrunkOnly[] =
    "((length(versions_json) - length(replace(versions_json, '\":', ''))) / 2 = "
    "(instr(versions_json, '\"dev-trunk\":') > 0))";

std::string Text(SQLite::Statement& q, int column) {
  return q.getColumn(column).isNull() ? std::string() : q.getColumn(column).getString();
}

std::optional<int64_t> OptionalInt(SQLite::Statement& q, int column) {
  if (q.getColumn(column).isNull()) {
    return std::nullopt;
  }
  return q.getColumn(column).getInt64();
}

// `s` for a LIKE pattern with '\' as the escape character.
std::string LikeEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string UntaggedFilters(const UntaggedQuery& q) {
  std::string where = std::string("WHERE ") + kUntaggedWhere;
  if (q.filter == "trunk-only") {
    where += std::string(" AND ") + kTrunkOnly;
  } else if (q.filter == "latest-not-tagged") {
    where += std::string(" AND NOT ") + kTrunkOnly;
  }
  if (!q.search.empty()) {
    where += " AND (name LIKE ?1 ESCAPE '\\' OR display_name LIKE ?1 ESCAPE '\\')";
  }
  if (!q.author.empty()) {
    where += " AND author = ?2 COLLATE NOCASE";
  }
  return where;
}

void BindUntagged(SQLite::Statement& s, const UntaggedQuery& q) {
  if (!q.search.empty()) {
    s.bind(1, "%" + LikeEscape(q.search) + "%");
  }
  if (!q.author.empty()) {
    s.bind(2, q.author);
  }
}

}  // namespace

std::string UntaggedListSql(const UntaggedQuery& q) {
  // INDEXED BY: the planner would rather walk a wider index of packages;
  // the partial index is the untagged subset alone.
  std::string order = "INDEXED BY idx_packages_untagged_installs ";
  if (q.sort == "updated") {
    order = "INDEXED BY idx_packages_untagged_committed ";
  } else if (q.sort == "least_updated") {
    order = "INDEXED BY idx_packages_untagged_committed ";
  }
  order += UntaggedFilters(q);
  if (q.sort == "updated") {
    order += " ORDER BY last_committed DESC, id DESC";
  } else if (q.sort == "least_updated") {
    order += " ORDER BY last_committed, id";
  } else {
    order += " ORDER BY active_installs DESC, id";
  }
  return std::string(
             "SELECT name, COALESCE(display_name, ''), COALESCE(author, ''), "
             "COALESCE(current_version, ''), wporg_version, COALESCE(last_committed, "
             "''), active_installs, ") +
         kTrunkOnly + " FROM packages " + order + " LIMIT ?3 OFFSET ?4";
}

std::string UntaggedCountSql(const UntaggedQuery& q) {
  return "SELECT COUNT(*) FROM packages INDEXED BY idx_packages_untagged_installs " +
         UntaggedFilters(q);
}

const char kUntaggedAuthorsSql[] =
    "SELECT DISTINCT author FROM packages INDEXED BY idx_packages_untagged_author WHERE "
    "is_active = 1 AND type = 'plugin' AND wporg_version IS NOT NULL AND wporg_version != '' "
    "AND instr(versions_json, '\"' || ltrim(wporg_version, 'vV') || '\":') = 0 "
    "AND author >= ?1 COLLATE NOCASE AND author < ?2 COLLATE NOCASE "
    "ORDER BY author COLLATE NOCASE LIMIT 10";

base::Result<StatusData> LoadStatus(db::Database& db, int64_t now_ms) {
  StatusData data;
  const int64_t since_ms = now_ms - 86400000;
  WPP_RETURN_IF_ERROR(db.Guard("reading the status page", [&] {
    SQLite::Statement stats(db.sql(),
                            "SELECT active_plugins, active_themes, plugin_installs, "
                            "theme_installs, installs_30d, updated_at FROM package_stats "
                            "WHERE id = 1");
    if (stats.executeStep()) {
      data.stats = {.active_plugins = stats.getColumn(0).getInt64(),
                    .active_themes = stats.getColumn(1).getInt64(),
                    .plugin_installs = stats.getColumn(2).getInt64(),
                    .theme_installs = stats.getColumn(3).getInt64(),
                    .installs_30d = stats.getColumn(4).getInt64()};
      data.stats_updated_at = Text(stats, 5);
    }
    SQLite::Statement builds(db.sql(), kBuildsSql);
    builds.bind(1, kStatusRows);
    while (builds.executeStep()) {
      BuildRow b;
      b.id = Text(builds, 0);
      b.started_at = Text(builds, 1);
      b.finished_at = Text(builds, 2);
      b.packages_total = builds.getColumn(3).getInt64();
      b.packages_changed = builds.getColumn(4).getInt64();
      b.artifact_count = builds.getColumn(5).getInt64();
      b.status = Text(builds, 6);
      b.r2_synced_at = Text(builds, 7);
      b.error_message = Text(builds, 8);
      b.duration_seconds = OptionalInt(builds, 9);
      b.discover_seconds = OptionalInt(builds, 10);
      b.update_seconds = OptionalInt(builds, 11);
      b.build_seconds = OptionalInt(builds, 12);
      b.deploy_seconds = OptionalInt(builds, 13);
      b.r2_upload_seconds = OptionalInt(builds, 14);
      data.builds.push_back(std::move(b));
    }
    // The last day's changes in one indexed read, spread over the builds.
    SQLite::Statement changes(db.sql(), kRecentChangesSql);
    changes.bind(1, since_ms);
    changes.bind(2, kChangesPerBuild * kStatusRows);
    while (changes.executeStep()) {
      const std::string build_id = Text(changes, 0);
      for (BuildRow& b : data.builds) {
        if (b.id == build_id && static_cast<int64_t>(b.changes.size()) < kChangesPerBuild) {
          b.changes.push_back({.package_name = Text(changes, 1), .action = Text(changes, 2)});
        }
      }
    }
    SQLite::Statement checks(db.sql(), kChecksSql);
    checks.bind(1, kStatusRows);
    while (checks.executeStep()) {
      data.checks.push_back({.id = checks.getColumn(0).getInt64(),
                             .started_at = Text(checks, 1),
                             .finished_at = Text(checks, 2),
                             .status = Text(checks, 3),
                             .checked = checks.getColumn(4).getInt64(),
                             .deactivated = checks.getColumn(5).getInt64(),
                             .reactivated = checks.getColumn(6).getInt64(),
                             .failed = checks.getColumn(7).getInt64(),
                             .duration_seconds = OptionalInt(checks, 8),
                             .changes = {}});
    }
    SQLite::Statement check_changes(db.sql(), kCheckChangesSql);
    for (CheckRow& c : data.checks) {
      if (c.deactivated == 0 && c.reactivated == 0) {
        continue;
      }
      check_changes.reset();
      check_changes.bind(1, c.id);
      check_changes.bind(2, kChangesPerBuild);
      while (check_changes.executeStep()) {
        c.changes.push_back({.package_type = Text(check_changes, 0),
                             .package_name = Text(check_changes, 1),
                             .action = Text(check_changes, 2)});
      }
    }
    SQLite::Statement updated(db.sql(), kActivityChangesSql);
    updated.bind(1, since_ms);
    if (updated.executeStep()) {
      data.activity.updated = updated.getColumn(0).getInt64();
    }
    SQLite::Statement sums(db.sql(), kActivityChecksSql);
    sums.bind(1, base::FormatRfc3339(base::FromUnixSeconds(since_ms / 1000)));
    if (sums.executeStep()) {
      data.activity.deactivated = sums.getColumn(0).getInt64();
      data.activity.reactivated = sums.getColumn(1).getInt64();
    }
    SQLite::Statement newest(db.sql(), kNewestCommitSql);
    if (newest.executeStep()) {
      data.freshness.newest_commit = Text(newest, 0);
    }
  }));
  (void)db.Guard("reading the SVN watermarks", [&] {
    SQLite::Statement meta(db.sql(),
                           "SELECT key, value FROM site_meta WHERE key IN "
                           "('svn_revision_plugin', 'svn_revision_theme')");
    while (meta.executeStep()) {
      const int64_t revision = base::ParseInt(Text(meta, 1)).value_or(0);
      (Text(meta, 0) == "svn_revision_plugin" ? data.freshness.plugin_revision
                                              : data.freshness.theme_revision) = revision;
    }
  });
  return data;
}

base::Result<ClosurePage> LoadClosures(db::Database& db, int64_t page, bool by_count) {
  ClosurePage out;
  WPP_RETURN_IF_ERROR(db.Guard("reading closure events", [&] {
    out.total = db.sql().execAndGet("SELECT COUNT(*) FROM closure_events").getInt64();
    SQLite::Statement q(db.sql(), by_count ? kClosureEventsLargestSql : kClosureEventsRecentSql);
    q.bind(1, kClosuresPerPage);
    q.bind(2, (page - 1) * kClosuresPerPage);
    while (q.executeStep()) {
      out.events.push_back(seo::ReadClosureEvent(q));
    }
  }));
  return out;
}

base::Result<std::vector<ClosureEventRow>> LoadVendorEvents(db::Database& db,
                                                            const std::string& vendor_slug) {
  std::vector<ClosureEventRow> events;
  WPP_RETURN_IF_ERROR(db.Guard("reading a vendor's closure events", [&] {
    SQLite::Statement q(db.sql(), kVendorEventsSql);
    q.bind(1, vendor_slug);
    while (q.executeStep()) {
      events.push_back(seo::ReadClosureEvent(q));
    }
  }));
  return events;
}

base::Result<PluginState> LoadPluginState(db::Database& db, const std::string& slug) {
  PluginState state;
  WPP_RETURN_IF_ERROR(db.Guard("reading a plugin's state", [&] {
    SQLite::Statement q(db.sql(), kPluginStateSql);
    q.bind(1, slug);
    if (q.executeStep()) {
      state = {.display_name = Text(q, 0),
               .known = true,
               .active = q.getColumn(1).getInt() != 0,
               .permanently_closed = q.getColumn(2).getInt() != 0};
    }
  }));
  return state;
}

base::Result<UntaggedPage> LoadUntagged(db::Database& db, const UntaggedQuery& query) {
  UntaggedPage out;
  WPP_RETURN_IF_ERROR(db.Guard("reading untagged plugins", [&] {
    SQLite::Statement count(db.sql(), UntaggedCountSql(query));
    BindUntagged(count, query);
    if (count.executeStep()) {
      out.total = count.getColumn(0).getInt64();
    }
    SQLite::Statement list(db.sql(), UntaggedListSql(query));
    BindUntagged(list, query);
    list.bind(3, kUntaggedPerPage);
    list.bind(4, (query.page - 1) * kUntaggedPerPage);
    while (list.executeStep()) {
      out.rows.push_back({.name = Text(list, 0),
                          .display_name = Text(list, 1),
                          .author = Text(list, 2),
                          .current_version = Text(list, 3),
                          .wporg_version = Text(list, 4),
                          .last_committed = Text(list, 5),
                          .active_installs = list.getColumn(6).getInt64(),
                          .trunk_only = list.getColumn(7).getInt() != 0});
    }
    SQLite::Statement stats(db.sql(), "SELECT active_plugins FROM package_stats WHERE id = 1");
    if (stats.executeStep()) {
      out.active_plugins = stats.getColumn(0).getInt64();
    }
  }));
  return out;
}

base::Result<std::vector<std::string>> UntaggedAuthors(db::Database& db,
                                                       const std::string& prefix) {
  std::vector<std::string> authors;
  WPP_RETURN_IF_ERROR(db.Guard("reading untagged authors", [&] {
    SQLite::Statement q(db.sql(), kUntaggedAuthorsSql);
    q.bind(1, prefix);
    q.bind(2, prefix + "\xF4\x8F\xBF\xBF");  // Above every string starting with prefix.
    while (q.executeStep()) {
      authors.push_back(Text(q, 0));
    }
  }));
  return authors;
}

}  // namespace wpp::web
