#include "repository/build_store.h"

#include <cstdio>

namespace wpp::repository {
namespace {

using base::Error;
using base::ErrorCode;

constexpr int64_t kRetentionMs = 24LL * 3600 * 1000;

void BindFigures(SQLite::Statement& s, const BuildRecord& r) {
  s.bind(":finished_at", r.finished_at);
  s.bind(":duration", r.duration_seconds);
  s.bind(":total", r.packages_total);
  s.bind(":changed", r.packages_changed);
  s.bind(":skipped", r.packages_skipped);
  s.bind(":artifacts", r.artifact_count);
  s.bind(":root_hash", r.root_hash);
  if (r.sync_run_id) {
    s.bind(":sync_run_id", *r.sync_run_id);
  } else {
    s.bind(":sync_run_id");
  }
  s.bind(":manifest", "{\"root_hash\":\"" + r.root_hash + "\"}");
  s.bind(":id", r.id);
}

constexpr char kFigures[] =
    "finished_at = :finished_at, duration_seconds = :duration, packages_total = :total,"
    " packages_changed = :changed, packages_skipped = :skipped, artifact_count = :artifacts,"
    " root_hash = :root_hash, sync_run_id = :sync_run_id, manifest_json = :manifest";

}  // namespace

base::Result<bool> BuildStore::Exists(const std::string& id) {
  bool exists = false;
  WPP_RETURN_IF_ERROR(db_.Guard("reading builds", [&] {
    SQLite::Statement s(db_.sql(), "SELECT 1 FROM builds WHERE id = ?");
    s.bind(1, id);
    exists = s.executeStep();
  }));
  return exists;
}

base::Status BuildStore::InsertRunning(const std::string& id, const std::string& started_at,
                                       int64_t pid) {
  WPP_ASSIGN_OR_RETURN(const bool exists, Exists(id));
  if (exists) {
    return Error(ErrorCode::kAlreadyExists, "build " + id + " already has a builds row");
  }
  return db_.Guard("recording build " + id, [&] {
    SQLite::Statement s(db_.sql(),
                        "INSERT INTO builds (id, started_at, status, pid, root_hash, manifest_json)"
                        " VALUES (?, ?, 'running', ?, '', '{}')");
    s.bind(1, id);
    s.bind(2, started_at);
    s.bind(3, pid);
    s.exec();
  });
}

base::Status BuildStore::Complete(const BuildRecord& record) {
  return db_.Guard("completing build " + record.id, [&] {
    SQLite::Statement s(db_.sql(), std::string("UPDATE builds SET status = 'completed', ") +
                                       kFigures + " WHERE id = :id");
    BindFigures(s, record);
    s.exec();
  });
}

base::Status BuildStore::RecordFigures(const BuildRecord& record) {
  int changed = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("recording build " + record.id, [&] {
    SQLite::Statement s(db_.sql(),
                        std::string("UPDATE builds SET ") + kFigures + " WHERE id = :id");
    BindFigures(s, record);
    changed = s.exec();
  }));
  if (changed == 0) {
    return Error(ErrorCode::kNotFound, "no builds row for " + record.id);
  }
  return base::Status::Ok();
}

base::Status BuildStore::Fail(const std::string& id, const std::string& error_message) {
  return db_.Guard("failing build " + id, [&] {
    SQLite::Statement s(db_.sql(),
                        "UPDATE builds SET status = 'failed', finished_at = ?, error_message = ?"
                        " WHERE id = ?");
    s.bind(1, base::FormatRfc3339(clock_.Now()));
    s.bind(2, error_message);
    s.bind(3, id);
    s.exec();
  });
}

base::Result<std::optional<std::string>> BuildStore::StatusOf(const std::string& id) {
  std::optional<std::string> status;
  WPP_RETURN_IF_ERROR(db_.Guard("reading builds", [&] {
    SQLite::Statement s(db_.sql(), "SELECT status FROM builds WHERE id = ?");
    s.bind(1, id);
    if (s.executeStep()) {
      status = s.getColumn(0).getString();
    }
  }));
  return status;
}

base::Result<int64_t> BuildStore::RecordChanges(const std::string& build_id,
                                                const ChangeList& changes, int64_t timestamp_ms) {
  int64_t inserted = 0;
  WPP_RETURN_IF_ERROR(db_.InTransaction("recording metadata changes", [&]() -> base::Status {
    SQLite::Statement insert(db_.sql(),
                             "INSERT INTO metadata_changes (package_name, action, timestamp,"
                             " build_id) VALUES (?, ?, ?, ?)");
    auto add = [&](const std::string& name, const char* action) {
      insert.bind(1, name);
      insert.bind(2, action);
      insert.bind(3, timestamp_ms);
      insert.bind(4, build_id);
      insert.exec();
      insert.reset();
      ++inserted;
    };
    for (const std::string& name : changes.updated) {
      add(name, "update");
    }
    for (const std::string& name : changes.deleted) {
      add(name, "delete");
    }
    SQLite::Statement prune(db_.sql(), "DELETE FROM metadata_changes WHERE timestamp < ?");
    prune.bind(1, timestamp_ms - kRetentionMs);
    prune.exec();
    return base::Status::Ok();
  }));
  return inserted;
}

base::Result<std::vector<std::string>> BuildStore::SyncedBuilds() {
  std::vector<std::string> ids;
  WPP_RETURN_IF_ERROR(db_.Guard("reading synced builds", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT id FROM builds WHERE r2_synced_at IS NOT NULL "
                        "ORDER BY r2_synced_at DESC, id DESC LIMIT 50");
    while (q.executeStep()) {
      ids.push_back(q.getColumn(0).getString());
    }
  }));
  return ids;
}

base::Status BuildStore::MarkSynced(const std::string& build_id) {
  // Sub-second precision: two syncs within one second must still order.
  const auto now = clock_.Now();
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03d", static_cast<int>(base::UnixMillis(now) % 1000));
  std::string stamp = base::FormatRfc3339(now);
  stamp.insert(stamp.size() - 1, millis);
  return db_.Guard("recording r2_synced_at", [&] {
    SQLite::Statement update(db_.sql(), "UPDATE builds SET r2_synced_at = ? WHERE id = ?");
    update.bind(1, stamp);
    update.bind(2, build_id);
    if (update.exec() > 0) {
      return;
    }
    SQLite::Statement insert(db_.sql(),
                             "INSERT INTO builds (id, started_at, finished_at, status, "
                             "r2_synced_at) VALUES (?, ?, ?, 'completed', ?)");
    insert.bind(1, build_id);
    insert.bind(2, base::FormatRfc3339(now));
    insert.bind(3, base::FormatRfc3339(now));
    insert.bind(4, stamp);
    insert.exec();
  });
}

}  // namespace wpp::repository
