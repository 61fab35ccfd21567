#include "admin/audit_store.h"

namespace wpp::admin {
namespace {

std::string Text(const SQLite::Column& c) {
  return c.isNull() ? std::string() : c.getString();
}

int64_t Int(const SQLite::Column& c, int64_t fallback = 0) {
  return c.isNull() ? fallback : c.getInt64();
}

}  // namespace

base::Status AuditStore::Record(const AuditEntry& e) {
  return db_.Guard("recording admin action", [&] {
    SQLite::Statement insert(db_.sql(),
                             "INSERT INTO admin_audit (user_id, actor, action, target, outcome, "
                             "client_ip, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (e.user_id > 0) {
      insert.bind(1, e.user_id);
    } else {
      insert.bind(1);
    }
    insert.bind(2, e.actor);
    insert.bind(3, e.action);
    insert.bind(4, e.target.substr(0, 512));
    insert.bind(5, e.outcome.empty() ? std::string("ok") : e.outcome.substr(0, 1024));
    insert.bind(6, e.client_ip);
    insert.bind(7, base::FormatRfc3339(clock_.Now()));
    insert.exec();
  });
}

base::Result<std::vector<AuditEntry>> AuditStore::Recent(int limit) {
  std::vector<AuditEntry> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading admin audit", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT id, user_id, actor, action, target, outcome, client_ip, "
                        "created_at FROM admin_audit ORDER BY id DESC LIMIT ?");
    q.bind(1, limit);
    while (q.executeStep()) {
      out.push_back({.id = Int(q.getColumn(0)),
                     .user_id = Int(q.getColumn(1)),
                     .actor = Text(q.getColumn(2)),
                     .action = Text(q.getColumn(3)),
                     .target = Text(q.getColumn(4)),
                     .outcome = Text(q.getColumn(5)),
                     .client_ip = Text(q.getColumn(6)),
                     .created_at = Text(q.getColumn(7))});
    }
  }));
  return out;
}

base::Result<std::vector<BuildRow>> AuditStore::Builds(int limit) {
  std::vector<BuildRow> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading builds", [&] {
    SQLite::Statement q(
        db_.sql(),
        "SELECT id, status, started_at, finished_at, duration_seconds, packages_total, "
        "packages_changed, error_message, discover_seconds, update_seconds, build_seconds, "
        "deploy_seconds, r2_upload_seconds FROM builds ORDER BY started_at DESC, id DESC LIMIT ?");
    q.bind(1, limit);
    while (q.executeStep()) {
      BuildRow row{.id = Text(q.getColumn(0)),
                   .status = Text(q.getColumn(1)),
                   .started_at = Text(q.getColumn(2)),
                   .finished_at = Text(q.getColumn(3)),
                   .duration_seconds = Int(q.getColumn(4)),
                   .packages_total = Int(q.getColumn(5)),
                   .packages_changed = Int(q.getColumn(6)),
                   .error = Text(q.getColumn(7)),
                   .steps = {}};
      const char* steps[] = {"discover", "update", "build", "deploy", "r2"};
      for (int i = 0; i < 5; ++i) {
        if (!q.getColumn(8 + i).isNull()) {
          row.steps += (row.steps.empty() ? "" : ", ") + std::string(steps[i]) + " " +
                       std::to_string(q.getColumn(8 + i).getInt64()) + "s";
        }
      }
      out.push_back(std::move(row));
    }
  }));
  return out;
}

base::Result<std::vector<RunRow>> AuditStore::Runs(int limit) {
  std::vector<RunRow> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading scheduler runs", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT id, job, started_at, finished_at, status, exit_code, "
                        "error_message FROM scheduler_runs ORDER BY id DESC LIMIT ?");
    q.bind(1, limit);
    while (q.executeStep()) {
      out.push_back({.id = Int(q.getColumn(0)),
                     .job = Text(q.getColumn(1)),
                     .started_at = Text(q.getColumn(2)),
                     .finished_at = Text(q.getColumn(3)),
                     .status = Text(q.getColumn(4)),
                     .exit_code = Int(q.getColumn(5), -1),
                     .error = Text(q.getColumn(6))});
    }
  }));
  return out;
}

}  // namespace wpp::admin
