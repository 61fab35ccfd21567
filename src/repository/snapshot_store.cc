#include "repository/snapshot_store.h"

#include <sqlite3.h>

namespace wpp::repository {
namespace {

constexpr char kSelect[] =
    "SELECT p.type, p.name, p.description, p.author, p.homepage, p.versions_json,"
    " p.last_committed, p.trunk_revision,"
    " (SELECT group_concat(v.version || char(31) || v.published_at, char(30))"
    "    FROM (SELECT version, published_at FROM package_versions"
    "           WHERE package_id = p.id ORDER BY version) AS v)"
    " FROM packages p WHERE p.is_active = 1";

std::string Text(SQLite::Statement& row, int column) {
  const SQLite::Column c = row.getColumn(column);
  return c.isNull() ? std::string() : std::string(c.getText(), static_cast<size_t>(c.getBytes()));
}

PackageRow ReadRow(SQLite::Statement& row) {
  PackageRow r;
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
  r.published = Text(row, 8);
  return r;
}

}  // namespace

base::Status SnapshotStore::Walk(const Filter* filter,
                                 const std::function<base::Status(const SnapshotInfo&)>& begin,
                                 const std::function<base::Status(PackageRow&&)>& each) {
  sqlite3* handle = db_.sql().getHandle();
  WPP_RETURN_IF_ERROR(db_.Guard("beginning the build snapshot", [&] { db_.sql().exec("BEGIN"); }));
  base::Status status = WalkInTransaction(filter, begin, each);
  // A read transaction has nothing to commit; ending it releases the
  // snapshot whatever happened.
  if (sqlite3_get_autocommit(handle) == 0) {
    sqlite3_exec(handle, "COMMIT", nullptr, nullptr, nullptr);
  }
  return status;
}

base::Status SnapshotStore::WalkInTransaction(
    const Filter* filter, const std::function<base::Status(const SnapshotInfo&)>& begin,
    const std::function<base::Status(PackageRow&&)>& each) {
  const std::string where = filter ? " AND p.type = ? AND p.name = ?" : "";
  base::Status inner;
  WPP_RETURN_IF_ERROR(db_.Guard("reading the build snapshot", [&] {
    // The first read fixes the snapshot; every later statement sees it.
    SQLite::Statement info(db_.sql(),
                           "SELECT COUNT(*), COALESCE(MAX(last_sync_run_id), 0) FROM packages p"
                           " WHERE p.is_active = 1" +
                               where);
    if (filter) {
      info.bind(1, filter->type == composer::PackageType::kTheme ? "theme" : "plugin");
      info.bind(2, filter->slug);
    }
    info.executeStep();
    const SnapshotInfo snapshot{info.getColumn(0).getInt64(), info.getColumn(1).getInt64()};
    inner = begin(snapshot);
    if (!inner.ok()) {
      return;
    }
    SQLite::Statement rows(db_.sql(), std::string(kSelect) + where + " ORDER BY p.type, p.name");
    if (filter) {
      rows.bind(1, filter->type == composer::PackageType::kTheme ? "theme" : "plugin");
      rows.bind(2, filter->slug);
    }
    while (inner.ok() && rows.executeStep()) {
      inner = each(ReadRow(rows));
    }
  }));
  return inner;
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
