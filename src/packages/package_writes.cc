// PackageStore, update side: selection (docs/behaviour.md §5.2) and the writer's
// upserts (docs/behaviour.md §5.6), closures and version times.

#include <chrono>

#include "base/log.h"
#include "packages/package_store.h"

namespace wpp::packages {
namespace {

constexpr char kSelectColumns[] =
    "SELECT p.id, p.type, p.name, p.last_committed, p.last_synced_at, p.is_active, "
    "p.versions_json, p.content_hash, p.trunk_revision, "
    "(SELECT COUNT(*) FROM package_versions v WHERE v.package_id = p.id) "
    "FROM packages p WHERE p.permanently_closed = 0";

constexpr char kUpsertRow[] =
    "INSERT INTO packages (type, name, display_name, description, author, homepage, "
    "versions_json, downloads, active_installs, current_version, wporg_version, rating, "
    "num_ratings, is_active, last_committed, last_synced_at, last_sync_run_id, content_hash, "
    "content_changed_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11, ?12, ?13, 1, ?14, ?15, ?16, ?17, ?18, ?19, ?19) "
    "ON CONFLICT (type, name) DO UPDATE SET author = excluded.author, "
    "homepage = excluded.homepage, versions_json = excluded.versions_json, "
    "downloads = excluded.downloads, active_installs = excluded.active_installs, "
    "current_version = excluded.current_version, wporg_version = excluded.wporg_version, "
    "rating = excluded.rating, num_ratings = excluded.num_ratings, is_active = 1, "
    "updated_at = excluded.updated_at, "
    "last_committed = CASE WHEN excluded.last_committed > COALESCE(packages.last_committed, '') "
    "THEN excluded.last_committed ELSE packages.last_committed END, "
    "last_synced_at = COALESCE(excluded.last_synced_at, packages.last_synced_at), "
    "last_sync_run_id = COALESCE(excluded.last_sync_run_id, packages.last_sync_run_id), "
    "content_hash = COALESCE(excluded.content_hash, packages.content_hash), "
    "content_changed_at = COALESCE(excluded.content_changed_at, packages.content_changed_at) "
    "RETURNING id";

// Version times go in multi-row INSERTs of up to this many rows: a package
// has a dozen versions on average, hundreds for some, and one statement per
// row would dominate the write cost.
constexpr size_t kVersionRowsPerInsert = 32;

std::string VersionTimesSql(size_t rows) {
  std::string sql =
      "INSERT OR IGNORE INTO package_versions (package_id, version, published_at, source) VALUES ";
  for (size_t i = 0; i < rows; ++i) {
    sql += i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
  }
  return sql;
}

// The full-text triggers fire whenever an UPDATE names these columns, so
// they are written apart, and only when they differ (most syncs change
// versions or counters, not the name or description).
constexpr char kUpdateText[] =
    "UPDATE packages SET display_name = ?2, description = ?3 "
    "WHERE id = ?1 AND (display_name IS NOT ?2 OR description IS NOT ?3)";

constexpr char kDeactivate[] =
    "UPDATE packages SET is_active = 0, updated_at = ?1, content_changed_at = ?1 "
    "WHERE type = ?2 AND name = ?3 AND is_active = 1";

constexpr char kTombstone[] =
    "UPDATE packages SET permanently_closed = 1, is_active = 0, updated_at = ?1, "
    "content_changed_at = ?1 WHERE type = ?2 AND name = ?3 AND permanently_closed = 0";

constexpr char kStatusChange[] =
    "INSERT INTO status_check_changes (status_check_id, package_type, package_name, action, "
    "created_at) VALUES (NULL, ?1, ?2, ?3, ?4)";

void BindOptional(SQLite::Statement& q, int index, const std::optional<std::string>& value) {
  if (value) {
    q.bindNoCopy(index, *value);
  } else {
    q.bind(index);
  }
}

std::optional<std::string> OptionalText(const SQLite::Column& column) {
  if (column.isNull()) {
    return std::nullopt;
  }
  return column.getString();
}

StoredPackage ReadStored(SQLite::Statement& q) {
  StoredPackage p;
  p.id = q.getColumn(0).getInt64();
  p.type = q.getColumn(1).getString();
  p.name = q.getColumn(2).getString();
  p.last_committed = OptionalText(q.getColumn(3));
  p.last_synced_at = OptionalText(q.getColumn(4));
  p.is_active = q.getColumn(5).getInt() != 0;
  p.versions_json = q.getColumn(6).getString();
  p.content_hash = OptionalText(q.getColumn(7));
  if (!q.getColumn(8).isNull()) {
    p.trunk_revision = q.getColumn(8).getInt64();
  }
  p.recorded_versions = q.getColumn(9).getInt64();
  return p;
}

}  // namespace

base::Result<std::vector<StoredPackage>> PackageStore::SelectForUpdate(
    const UpdateSelection& selection) {
  std::string sql = kSelectColumns;
  const bool by_type = !selection.type.empty() && selection.type != "all";
  if (!selection.name.empty()) {
    sql += " AND p.name = :name";
  }
  if (by_type) {
    sql += " AND p.type = :type";
  }
  if (selection.name.empty() && selection.force) {
    sql += selection.include_inactive ? "" : " AND p.is_active = 1";
  } else if (selection.name.empty() && selection.include_inactive) {
    // The 30-day cutoff is computed here, in the stored RFC 3339 form, so
    // the string comparison is exact (the original compared against
    // datetime('now'), docs/decisions.md §27).
    sql +=
        " AND (p.last_synced_at IS NULL OR p.last_committed > p.last_synced_at OR "
        "(p.is_active = 0 AND p.last_synced_at < :cutoff))";
  } else if (selection.name.empty()) {
    sql +=
        " AND p.is_active = 1 AND (p.last_synced_at IS NULL OR "
        "p.last_committed > p.last_synced_at)";
  }
  sql += " ORDER BY p.last_synced_at ASC NULLS FIRST";
  if (selection.limit > 0) {
    sql += " LIMIT " + std::to_string(selection.limit);
  }
  std::vector<StoredPackage> out;
  WPP_RETURN_IF_ERROR(db_.Guard("selecting packages to update", [&] {
    SQLite::Statement q(db_.sql(), sql);
    if (!selection.name.empty()) {
      q.bind(":name", selection.name);
    }
    if (by_type) {
      q.bind(":type", selection.type);
    }
    if (selection.name.empty() && !selection.force && selection.include_inactive) {
      q.bind(":cutoff", base::FormatRfc3339(clock_.Now() - std::chrono::hours(24 * 30)));
    }
    while (q.executeStep()) {
      out.push_back(ReadStored(q));
    }
  }));
  return out;
}

void PackageStore::UpsertRow(const PackageRow& row, const std::string& now) {
  SQLite::Statement& q = Prepared(statements_->upsert_row, kUpsertRow);
  q.bindNoCopy(1, row.type);
  q.bindNoCopy(2, row.name);
  BindOptional(q, 3, row.display_name);
  BindOptional(q, 4, row.description);
  BindOptional(q, 5, row.author);
  BindOptional(q, 6, row.homepage);
  q.bindNoCopy(7, row.versions_json);
  q.bind(8, static_cast<int64_t>(row.downloads));
  q.bind(9, static_cast<int64_t>(row.active_installs));
  BindOptional(q, 10, row.current_version);
  BindOptional(q, 11, row.wporg_version);
  if (row.rating) {
    q.bind(12, *row.rating);
  }
  q.bind(13, static_cast<int64_t>(row.num_ratings));
  BindOptional(q, 14, row.last_committed);
  BindOptional(q, 15, row.last_synced_at);
  if (row.last_sync_run_id) {
    q.bind(16, static_cast<int64_t>(*row.last_sync_run_id));
  }
  BindOptional(q, 17, row.content_hash);
  BindOptional(q, 18, row.content_changed_at);
  q.bindNoCopy(19, now);
  q.executeStep();
  const int64_t id = q.getColumn(0).getInt64();
  q.reset();  // Finish the RETURNING statement before the next write.
  SQLite::Statement& text = Prepared(statements_->update_text, kUpdateText);
  text.bind(1, static_cast<int64_t>(id));
  BindOptional(text, 2, row.display_name);
  BindOptional(text, 3, row.description);
  text.exec();
  const std::span<const VersionTime> times(row.version_times);
  for (size_t at = 0; at < times.size(); at += kVersionRowsPerInsert) {
    InsertVersionTimes(id, times.subspan(at, std::min(kVersionRowsPerInsert, times.size() - at)));
  }
}

void PackageStore::InsertVersionTimes(int64_t package_id, std::span<const VersionTime> times) {
  auto& cache = statements_->version_times;
  if (cache.size() <= times.size()) {
    cache.resize(times.size() + 1);
  }
  const std::string sql = cache[times.size()] ? std::string() : VersionTimesSql(times.size());
  SQLite::Statement& insert = Prepared(cache[times.size()], sql.c_str());
  int index = 1;
  for (const VersionTime& v : times) {
    insert.bind(index++, static_cast<int64_t>(package_id));
    insert.bindNoCopy(index++, v.version);
    insert.bindNoCopy(index++, v.published_at);
    insert.bindNoCopy(index++, v.source);
  }
  insert.exec();
}

void PackageStore::CloseRow(const UpdateWrite& write, const std::string& now) {
  const bool tombstone = write.kind == UpdateWrite::Kind::kTombstone;
  SQLite::Statement& q = tombstone ? Prepared(statements_->tombstone, kTombstone)
                                   : Prepared(statements_->deactivate, kDeactivate);
  q.bindNoCopy(1, now);
  q.bindNoCopy(2, write.row.type);
  q.bindNoCopy(3, write.row.name);
  if (q.exec() == 0) {
    return;  // Already inactive (or tombstoned): nothing changed, nothing to record.
  }
  SQLite::Statement& change = Prepared(statements_->status_change, kStatusChange);
  change.bindNoCopy(1, write.row.type);
  change.bindNoCopy(2, write.row.name);
  change.bind(3, tombstone ? "tombstoned" : "deactivated");
  change.bindNoCopy(4, now);
  change.exec();
}

void PackageStore::ApplyOne(const UpdateWrite& write, const std::string& now) {
  if (write.kind == UpdateWrite::Kind::kUpsert) {
    UpsertRow(write.row, now);
  } else {
    CloseRow(write, now);
  }
}

base::Status PackageStore::ApplyUpdates(std::span<const UpdateWrite> writes,
                                        std::vector<bool>* ok) {
  ok->assign(writes.size(), false);
  if (writes.empty()) {
    return base::Status::Ok();
  }
  const std::string now = base::FormatRfc3339(clock_.Now());
  base::Status batch = db_.InTransaction("writing updates", [&] {
    for (const UpdateWrite& write : writes) {
      ApplyOne(write, now);
    }
    return base::Status::Ok();
  });
  if (batch.ok()) {
    ok->assign(writes.size(), true);
    return batch;
  }
  base::log::Warn("update batch failed, retrying row by row", {{"error", batch.error().message()}});
  for (size_t i = 0; i < writes.size(); ++i) {
    const base::Status one = db_.InTransaction("writing update", [&] {
      ApplyOne(writes[i], now);
      return base::Status::Ok();
    });
    (*ok)[i] = one.ok();
    if (!one.ok()) {
      base::log::Error("package write failed", {{"type", writes[i].row.type},
                                                {"name", writes[i].row.name},
                                                {"error", one.error().message()}});
    }
  }
  return base::Status::Ok();
}

}  // namespace wpp::packages
