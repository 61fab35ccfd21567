// PackageStore, check-status side (docs/behaviour.md §11): the packages to
// re-check, state changes with their status_check_changes rows, closure
// details, and the retention of change rows.

#include "base/clock.h"
#include "base/log.h"
#include "packages/package_store.h"

namespace wpp::packages {
namespace {

constexpr char kDeactivateSql[] =
    "UPDATE packages SET is_active = 0, updated_at = ?1, content_changed_at = ?1 "
    "WHERE type = ?2 AND name = ?3 AND is_active = 1 AND permanently_closed = 0";

constexpr char kTombstoneSql[] =
    "UPDATE packages SET permanently_closed = 1, is_active = 0, updated_at = ?1, "
    "content_changed_at = ?1 WHERE type = ?2 AND name = ?3 AND permanently_closed = 0";

// last_synced_at = NULL: the next update re-syncs the package first
// (commits made while it was inactive were not recorded).
constexpr char kReactivateSql[] =
    "UPDATE packages SET is_active = 1, last_synced_at = NULL, updated_at = ?1, "
    "content_changed_at = ?1, closed_date = NULL, closed_reason = NULL, "
    "closed_reason_text = NULL, closed_permanent = NULL, closed_seen_at = NULL "
    "WHERE type = ?2 AND name = ?3 AND is_active = 0 AND permanently_closed = 0";

// Written only when a value differs, so an unchanged closure costs no write.
constexpr char kClosureSql[] =
    "UPDATE packages SET closed_date = ?3, closed_reason = ?4, closed_reason_text = ?5, "
    "closed_permanent = ?6, closed_seen_at = ?7 WHERE type = ?1 AND name = ?2 AND "
    "(closed_date IS NOT ?3 OR closed_reason IS NOT ?4 OR closed_reason_text IS NOT ?5 OR "
    "closed_permanent IS NOT ?6 OR closed_seen_at IS NULL)";

constexpr char kChangeSql[] =
    "INSERT INTO status_check_changes (status_check_id, package_type, package_name, action, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5)";

void BindText(SQLite::Statement& q, int index, const std::string& value) {
  if (value.empty()) {
    q.bind(index);  // NULL: WordPress.org sent nothing usable (`false`).
  } else {
    q.bind(index, value);
  }
}

// Returns whether the row's closure columns changed.
bool RecordClosure(SQLite::Database& sql, const StatusChange& change, const std::string& now) {
  SQLite::Statement q(sql, kClosureSql);
  q.bind(1, change.type);
  q.bind(2, change.name);
  if (change.closure) {
    BindText(q, 3, change.closure->closed_date);
    BindText(q, 4, change.closure->reason);
    BindText(q, 5, change.closure->reason_text);
    q.bind(6, change.closure->permanent ? 1 : 0);
    q.bind(7, now);
  } else {  // A plain "not found": no closure details.
    q.bind(6);
    q.bind(7, now);
  }
  return q.exec() > 0;
}

const char* ActionName(StatusChange::Kind kind) {
  switch (kind) {
    case StatusChange::Kind::kDeactivate:
      return "deactivated";
    case StatusChange::Kind::kTombstone:
      return "tombstoned";
    case StatusChange::Kind::kReactivate:
      return "reactivated";
    case StatusChange::Kind::kRecordClosure:
      break;
  }
  return "";
}

}  // namespace

base::Result<std::vector<StatusCandidate>> PackageStore::SelectForStatusCheck(
    std::string_view type) {
  std::vector<StatusCandidate> out;
  const bool all = type.empty() || type == "all";
  WPP_RETURN_IF_ERROR(db_.Guard("selecting packages for check-status", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT type, name, is_active FROM packages WHERE permanently_closed = 0 "
                        "AND (?1 OR type = ?2) ORDER BY type, name");
    q.bind(1, all ? 1 : 0);
    q.bind(2, std::string(type));
    while (q.executeStep()) {
      out.push_back({.type = q.getColumn(0).getString(),
                     .name = q.getColumn(1).getString(),
                     .is_active = q.getColumn(2).getInt() != 0});
    }
  }));
  return out;
}

base::Result<bool> PackageStore::ApplyStatusChange(int64_t status_check_id,
                                                   const StatusChange& change) {
  const std::string now = base::FormatRfc3339(clock_.Now());
  bool changed = false;
  WPP_RETURN_IF_ERROR(db_.InTransaction("writing a status change", [&]() -> base::Status {
    SQLite::Database& sql = db_.sql();
    if (change.kind == StatusChange::Kind::kRecordClosure) {
      changed = RecordClosure(sql, change, now);
      return base::Status::Ok();
    }
    const char* update = change.kind == StatusChange::Kind::kDeactivate  ? kDeactivateSql
                         : change.kind == StatusChange::Kind::kTombstone ? kTombstoneSql
                                                                         : kReactivateSql;
    SQLite::Statement q(sql, update);
    q.bind(1, now);
    q.bind(2, change.type);
    q.bind(3, change.name);
    changed = q.exec() > 0;
    if (change.kind != StatusChange::Kind::kReactivate) {
      RecordClosure(sql, change, now);
    }
    if (!changed) {
      return base::Status::Ok();
    }
    SQLite::Statement row(sql, kChangeSql);
    row.bind(1, status_check_id);
    row.bind(2, change.type);
    row.bind(3, change.name);
    row.bind(4, ActionName(change.kind));
    row.bind(5, now);
    row.exec();
    return base::Status::Ok();
  }));
  return changed;
}

base::Result<int> PackageStore::PruneStatusCheckChanges(int keep_runs) {
  int deleted = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("pruning status_check_changes", [&] {
    SQLite::Statement q(
        db_.sql(),
        "WITH kept AS (SELECT id, started_at FROM status_checks ORDER BY started_at DESC, id DESC "
        "LIMIT ?1) DELETE FROM status_check_changes WHERE "
        "(status_check_id IS NOT NULL AND status_check_id NOT IN (SELECT id FROM kept)) OR "
        "(status_check_id IS NULL AND (SELECT COUNT(*) FROM kept) >= ?1 AND "
        "created_at < (SELECT MIN(started_at) FROM kept))");
    q.bind(1, keep_runs);
    deleted = q.exec();
  }));
  return deleted;
}

}  // namespace wpp::packages
