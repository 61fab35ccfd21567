#include "repository/snapshot_store.h"

#include <sqlite3.h>

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
    SQLite::Statement info(db_.sql(),
                           "SELECT COUNT(*), COALESCE(MAX(last_sync_run_id), 0) FROM packages p"
                           " WHERE p.is_active = 1 AND"
                           " (p.last_sync_run_id IS NOT NULL OR p.versions_json <> '{}')" +
                               where);
    BindFilter(info, filter);
    info.executeStep();
    inner = walker.begin(SnapshotInfo{info.getColumn(0).getInt64(), info.getColumn(1).getInt64()});
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
