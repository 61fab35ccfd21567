#include "repository/snapshot_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <iterator>

#include "base/package_type.h"

namespace wpp::repository {
namespace {

// Packages and their versions' publish times are read by two cursors walked
// together in package id order (a merge join): the primary keys give both
// orders for free, which is much cheaper than a subquery per package.
// The unary + keeps SQLite from walking an is_active index and then sorting
// every row (with its versions_json) by id in a temporary b-tree: a rowid
// scan is already in id order.
// Published: active, and fetched successfully at least once. A shell row
// whose info request only ever failed (no versions, no sync run) is left out
// (docs/behaviour.md §14.3).
constexpr char kPackages[] =
    "SELECT p.type, p.name, p.description, p.author, p.homepage, p.versions_json,"
    " p.last_committed, p.trunk_revision, p.id,"
    " (SELECT COUNT(*) FROM package_versions v WHERE v.package_id = p.id),"
    // The package's security advisories, in advisory id order (the
    // primary key's), docs/behaviour.md §20.6.
    " (SELECT group_concat(a.json, ',') FROM advisories a WHERE a.package_name ="
    " (CASE p.type WHEN 'theme' THEN 'wp-theme/' ELSE 'wp-plugin/' END) || p.name)"
    " FROM packages p WHERE +p.is_active = 1 AND"
    " (p.last_sync_run_id IS NOT NULL OR p.versions_json <> '{}')";
constexpr char kAllVersions[] =
    "SELECT package_id, version, published_at FROM package_versions"
    " ORDER BY package_id, version";
constexpr char kOneVersions[] =
    "SELECT package_id, version, published_at FROM package_versions"
    " WHERE package_id = (SELECT id FROM packages p WHERE p.type = ? AND p.name = ?)"
    " ORDER BY version";

std::string Text(SQLite::Statement& row, int column) {
  const SQLite::Column c = row.getColumn(column);
  return c.isNull() ? std::string() : std::string(c.getText(), static_cast<size_t>(c.getBytes()));
}

SnapshotRow ReadRow(SQLite::Statement& row) {
  SnapshotRow r;
  r.type = Text(row, 0) == "theme" ? composer::PackageType::kTheme : composer::PackageType::kPlugin;
  r.slug = Text(row, 1);
  r.description = Text(row, 2);
  r.author = Text(row, 3);
  r.homepage = Text(row, 4);
  r.versions_json = Text(row, 5);
  r.last_committed = Text(row, 6);
  if (!row.getColumn(7).isNull()) {
    r.trunk_revision = row.getColumn(7).getInt64();
  }
  r.id = row.getColumn(8).getInt64();
  r.version_count = row.getColumn(9).getInt64();
  r.advisories = Text(row, 10);
  return r;
}

// Appends the publish times of package `id` to `row`, advancing `versions`
// (ordered by package id) past them. `*more` tracks whether `versions` still
// has a current row.
void AddPublished(int64_t id, SQLite::Statement& versions, bool* more, SnapshotRow* row) {
  row->published_loaded = true;
  while (*more && versions.getColumn(0).getInt64() < id) {
    *more = versions.executeStep();
  }
  while (*more && versions.getColumn(0).getInt64() == id) {
    if (!row->published.empty()) {
      row->published.push_back('\x1e');
    }
    const SQLite::Column version = versions.getColumn(1);
    const SQLite::Column time = versions.getColumn(2);
    row->published.append(version.getText(), static_cast<size_t>(version.getBytes()));
    row->published.push_back('\x1f');
    row->published.append(time.getText(), static_cast<size_t>(time.getBytes()));
    *more = versions.executeStep();
  }
}

void BindFilter(SQLite::Statement& s, const SnapshotStore::Filter* filter) {
  if (filter) {
    s.bind(1, filter->type == composer::PackageType::kTheme ? "theme" : "plugin");
    s.bind(2, filter->slug);
  }
}

}  // namespace

base::Status SnapshotStore::Walk(const Walker& walker) {
  sqlite3* handle = db_.sql().getHandle();
  WPP_RETURN_IF_ERROR(db_.Guard("beginning the build snapshot", [&] { db_.sql().exec("BEGIN"); }));
  walking_ = true;
  base::Status status = WalkInTransaction(walker);
  walking_ = false;
  published_of_.reset();
  // A read transaction has nothing to commit; ending it releases the
  // snapshot whatever happened.
  if (sqlite3_get_autocommit(handle) == 0) {
    sqlite3_exec(handle, "COMMIT", nullptr, nullptr, nullptr);
  }
  return status;
}

base::Status SnapshotStore::WalkInTransaction(const Walker& walker) {
  const Filter* filter = walker.filter;
  const std::string where = filter ? " AND p.type = ? AND p.name = ?" : "";
  base::Status inner;
  WPP_RETURN_IF_ERROR(db_.Guard("reading the build snapshot", [&] {
    // The first read fixes the snapshot; every later statement sees it.
    SnapshotInfo info;
    ReadChangeLog(walker, &info);
    if (info.incremental) {
      inner = WalkChanged(walker, info);
      return;
    }
    SQLite::Statement count(db_.sql(),
                            "SELECT COUNT(*), COALESCE(MAX(last_sync_run_id), 0) FROM packages p"
                            " WHERE p.is_active = 1 AND"
                            " (p.last_sync_run_id IS NOT NULL OR p.versions_json <> '{}')" +
                                where);
    BindFilter(count, filter);
    count.executeStep();
    info.packages = count.getColumn(0).getInt64();
    info.snapshot_id = count.getColumn(1).getInt64();
    inner = walker.begin(info);
    SQLite::Statement rows(db_.sql(), std::string(kPackages) + where + " ORDER BY p.id");
    BindFilter(rows, filter);
    SQLite::Statement versions(db_.sql(), filter ? kOneVersions : kAllVersions);
    BindFilter(versions, filter);
    bool more_versions = walker.with_published && versions.executeStep();
    while (inner.ok() && rows.executeStep()) {
      SnapshotRow row = ReadRow(rows);
      if (walker.with_published) {
        AddPublished(row.id, versions, &more_versions, &row);
      }
      inner = walker.each(std::move(row));
    }
    if (inner.ok() && walker.end) {
      inner = walker.end();
    }
  }));
  return inner;
}

void SnapshotStore::ReadChangeLog(const Walker& walker, SnapshotInfo* info) {
  SQLite::Statement log(db_.sql(),
                        // The last seq handed out, even when its row was pruned.
                        "SELECT COALESCE((SELECT seq FROM sqlite_sequence"
                        " WHERE name = 'package_changes'), 0),"
                        " (SELECT through FROM package_changes_pruned WHERE id = 1)");
  log.executeStep();
  info->change_seq = log.getColumn(0).getInt64();
  const int64_t pruned = log.getColumn(1).isNull() ? 0 : log.getColumn(1).getInt64();
  const int64_t since = walker.changed_since;
  if (since < 0 || walker.filter != nullptr) {
    return;
  }
  if (since < pruned || since > info->change_seq) {
    info->full_reason = since < pruned ? "change log pruned past the base build"
                                       : "change log behind the base build";
    return;
  }
  SQLite::Statement names(db_.sql(),
                          "SELECT DISTINCT name FROM package_changes WHERE seq > ?"
                          " ORDER BY name LIMIT ?");
  names.bind(1, since);
  names.bind(2, static_cast<int64_t>(walker.max_changed) + 1);
  while (names.executeStep()) {
    info->changed.push_back(Text(names, 0));
  }
  if (info->changed.size() > walker.max_changed) {
    info->changed.clear();
    info->full_reason = "too many changes";
    return;
  }
  std::vector<std::string> merged;
  std::set_union(info->changed.begin(), info->changed.end(), walker.also_read.begin(),
                 walker.also_read.end(), std::back_inserter(merged));
  info->changed.swap(merged);
  info->incremental = true;
}

base::Status SnapshotStore::WalkChanged(const Walker& walker, const SnapshotInfo& given) {
  SnapshotInfo info = given;
  // The newest sync run among published packages: the index on
  // last_sync_run_id finds it without a scan (NULLs are never the newest);
  // the unary + keeps SQLite from scanning the is_active index and sorting.
  SQLite::Statement newest(db_.sql(),
                           "SELECT last_sync_run_id FROM packages p WHERE +p.is_active = 1 AND"
                           " p.last_sync_run_id IS NOT NULL ORDER BY p.last_sync_run_id DESC"
                           " LIMIT 1");
  info.snapshot_id = newest.executeStep() ? newest.getColumn(0).getInt64() : 0;
  info.packages = static_cast<int64_t>(info.changed.size());
  base::Status inner = walker.begin(info);
  SQLite::Statement rows(db_.sql(), std::string(kPackages) + " AND p.type = ? AND p.name = ?");
  for (size_t i = 0; inner.ok() && i < info.changed.size(); ++i) {
    const auto split = base::SplitComposerName(info.changed[i]);
    if (!split) {
      continue;  // An advisory for a name no package can have.
    }
    rows.reset();
    rows.bind(1, std::string(base::TypeName(split->first)));
    rows.bind(2, split->second);
    if (rows.executeStep()) {
      inner = walker.each(ReadRow(rows));
    }
  }
  if (inner.ok() && walker.end) {
    inner = walker.end();
  }
  return inner;
}

base::Result<std::string> SnapshotStore::PublishedOf(int64_t package_id) {
  if (!walking_) {
    return base::Error(base::ErrorCode::kFailedPrecondition, "PublishedOf outside a walk");
  }
  SnapshotRow row;
  WPP_RETURN_IF_ERROR(db_.Guard("reading publish times", [&] {
    if (!published_of_) {
      published_of_ = std::make_unique<SQLite::Statement>(
          db_.sql(),
          "SELECT package_id, version, published_at FROM package_versions"
          " WHERE package_id = ? ORDER BY version");
    }
    published_of_->reset();
    published_of_->bind(1, package_id);
    bool more = published_of_->executeStep();
    AddPublished(package_id, *published_of_, &more, &row);
  }));
  return std::move(row.published);
}

base::Status SnapshotStore::PruneChanges(int64_t through) {
  return db_.Guard("pruning the change log", [&] {
    SQLite::Transaction txn(db_.sql());
    SQLite::Statement prune(db_.sql(), "DELETE FROM package_changes WHERE seq <= ?");
    prune.bind(1, through);
    prune.exec();
    SQLite::Statement mark(
        db_.sql(), "UPDATE package_changes_pruned SET through = MAX(through, ?) WHERE id = 1");
    mark.bind(1, through);
    mark.exec();
    txn.commit();
  });
}

base::Status SnapshotStore::StartNewEpoch() {
  // More changes than a database ever logs.
  constexpr int64_t kEpoch = int64_t{1} << 40;
  return db_.InTransaction("starting a new change-log epoch", [&]() -> base::Status {
    return db_.Guard("starting a new change-log epoch", [&] {
      db_.sql().exec(
          "INSERT INTO sqlite_sequence (name, seq) SELECT 'package_changes', 0"
          " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'package_changes');"
          "UPDATE sqlite_sequence SET seq = seq + " +
          std::to_string(kEpoch) +
          " WHERE name = 'package_changes';"
          "UPDATE package_changes_pruned SET through ="
          " (SELECT seq FROM sqlite_sequence WHERE name = 'package_changes') WHERE id = 1;"
          "DELETE FROM package_changes;");
    });
  });
}

std::map<std::string, std::string> ParsePublished(std::string_view published) {
  std::map<std::string, std::string> out;
  while (!published.empty()) {
    const size_t end = published.find('\x1e');
    const std::string_view record = published.substr(0, end);
    published.remove_prefix(end == std::string_view::npos ? published.size() : end + 1);
    const size_t sep = record.find('\x1f');
    if (sep != std::string_view::npos) {
      out.emplace(std::string(record.substr(0, sep)), std::string(record.substr(sep + 1)));
    }
  }
  return out;
}

}  // namespace wpp::repository
