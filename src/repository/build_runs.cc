// The pipeline's own statements of BuildStore: its running row, stale-run
// cancelling and the final status with step durations.

#include <signal.h>

#include <cerrno>
#include <vector>

#include "repository/build_store.h"

namespace wpp::repository {
namespace {

void BindOptional(SQLite::Statement& s, int index, const std::optional<int64_t>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind(index);
  }
}

}  // namespace

base::Result<int> BuildStore::CancelStaleRuns() {
  std::vector<std::string> dead;
  WPP_RETURN_IF_ERROR(db_.Guard("finding stale builds", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT id, pid FROM builds WHERE status = 'running' AND pid IS NOT NULL");
    while (q.executeStep()) {
      const auto pid = static_cast<pid_t>(q.getColumn(1).getInt64());
      if (kill(pid, 0) != 0 && errno == ESRCH) {
        dead.push_back(q.getColumn(0).getString());
      }
    }
  }));
  const std::string now = base::FormatRfc3339(clock_.Now());
  WPP_RETURN_IF_ERROR(db_.Guard("cancelling stale builds", [&] {
    SQLite::Statement u(db_.sql(),
                        "UPDATE builds SET status = 'cancelled', finished_at = ? WHERE id = ?");
    for (const std::string& id : dead) {
      u.reset();
      u.bind(1, now);
      u.bind(2, id);
      u.exec();
    }
  }));
  return static_cast<int>(dead.size());
}

base::Status BuildStore::StartRun(const std::string& id, int pid) {
  bool inserted = false;
  WPP_RETURN_IF_ERROR(db_.Guard("recording pipeline start", [&] {
    SQLite::Statement s(db_.sql(),
                        "INSERT OR IGNORE INTO builds (id, started_at, status, pid, root_hash) "
                        "VALUES (?, ?, 'running', ?, '')");
    s.bind(1, id);
    s.bind(2, base::FormatRfc3339(clock_.Now()));
    s.bind(3, pid);
    inserted = s.exec() == 1;
  }));
  if (!inserted) {
    return base::Error(base::ErrorCode::kAlreadyExists, "build " + id + " already exists");
  }
  return base::Status::Ok();
}

base::Status BuildStore::ClaimRun(const std::string& id, int pid) {
  int changed = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("claiming build", [&] {
    SQLite::Statement s(db_.sql(), "UPDATE builds SET pid = ? WHERE id = ? AND status = 'running'");
    s.bind(1, pid);
    s.bind(2, id);
    changed = s.exec();
  }));
  if (changed == 0) {
    return base::Error(base::ErrorCode::kNotFound,
                       "build " + id + " not found or not in running state");
  }
  return base::Status::Ok();
}

base::Status BuildStore::FinishRun(const std::string& id, bool ok, const std::string& error_message,
                                   const StepSeconds& steps) {
  return db_.Guard("recording pipeline result", [&] {
    SQLite::Statement s(
        db_.sql(),
        "UPDATE builds SET status = ?, finished_at = ?, error_message = ?, "
        "duration_seconds = CAST(strftime('%s', ?) AS INTEGER) - CAST(strftime('%s', started_at) "
        "AS INTEGER), discover_seconds = ?, update_seconds = ?, build_seconds = ?, "
        "deploy_seconds = ?, r2_upload_seconds = ? WHERE id = ?");
    const std::string now = base::FormatRfc3339(clock_.Now());
    s.bind(1, ok ? "completed" : "failed");
    s.bind(2, now);
    if (ok) {
      s.bind(3);
    } else {
      s.bind(3, error_message);
    }
    s.bind(4, now);
    BindOptional(s, 5, steps.discover);
    BindOptional(s, 6, steps.update);
    BindOptional(s, 7, steps.build);
    BindOptional(s, 8, steps.deploy);
    BindOptional(s, 9, steps.r2_upload);
    s.bind(10, id);
    s.exec();
  });
}

std::string BuildStore::LatestFailed() {
  std::string id;
  (void)db_.Guard("latest failed build", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT id FROM builds WHERE status = 'failed' ORDER BY started_at DESC "
                        "LIMIT 1");
    if (q.executeStep()) {
      id = q.getColumn(0).getString();
    }
  });
  return id;
}

base::Result<std::optional<int64_t>> BuildStore::SecondsSinceLastCompleted() {
  std::optional<int64_t> seconds;
  WPP_RETURN_IF_ERROR(db_.Guard("last completed build", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT CAST(round((julianday(?) - julianday(finished_at)) * 86400) AS "
                        "INTEGER) FROM builds WHERE status = 'completed' AND finished_at IS NOT "
                        "NULL ORDER BY finished_at DESC LIMIT 1");
    q.bind(1, base::FormatRfc3339(clock_.Now()));
    if (q.executeStep() && !q.getColumn(0).isNull()) {
      seconds = q.getColumn(0).getInt64();
    }
  }));
  return seconds;
}

}  // namespace wpp::repository
