#include "scheduler/run_store.h"

namespace wpp::scheduler {

using base::Error;
using base::ErrorCode;

base::Status RunStore::CheckSchema() {
  bool found = false;
  WPP_RETURN_IF_ERROR(db_.Guard("reading schema", [&] {
    SQLite::Statement s(db_.sql(),
                        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                        "'scheduler_runs'");
    found = s.executeStep();
  }));
  if (!found) {
    return Error(ErrorCode::kFailedPrecondition,
                 "table scheduler_runs is missing: run `wppackages migrate` first");
  }
  return base::Status::Ok();
}

base::Result<int> RunStore::AbandonRunning(base::Clock::TimePoint now) {
  int changed = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("abandoning scheduler runs", [&] {
    SQLite::Statement s(db_.sql(),
                        "UPDATE scheduler_runs SET status = 'abandoned', finished_at = ?, "
                        "error_message = 'the scheduler stopped during the run' "
                        "WHERE status = 'running'");
    s.bind(1, base::FormatRfc3339(now));
    changed = s.exec();
  }));
  return changed;
}

base::Result<std::map<std::string, base::Clock::TimePoint>> RunStore::LastStarts() {
  std::map<std::string, base::Clock::TimePoint> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading scheduler runs", [&] {
    SQLite::Statement s(db_.sql(),
                        "SELECT job, MAX(started_at) FROM scheduler_runs "
                        "WHERE status != 'skipped' GROUP BY job");
    while (s.executeStep()) {
      if (auto t = base::ParseRfc3339(s.getColumn(1).getString())) {
        out[s.getColumn(0).getString()] = *t;
      }
    }
  }));
  return out;
}

base::Result<int64_t> RunStore::Start(const std::string& job, base::Clock::TimePoint now,
                                      int64_t pid) {
  int64_t id = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("recording scheduler run", [&] {
    SQLite::Statement s(db_.sql(),
                        "INSERT INTO scheduler_runs (job, started_at, status, pid) "
                        "VALUES (?, ?, 'running', ?)");
    s.bind(1, job);
    s.bind(2, base::FormatRfc3339(now));
    s.bind(3, pid);
    s.exec();
    id = db_.sql().getLastInsertRowid();
  }));
  return id;
}

base::Status RunStore::Finish(int64_t id, base::Clock::TimePoint now, const std::string& status,
                              int64_t exit_code, const std::string& error) {
  return db_.Guard("recording scheduler run", [&] {
    SQLite::Statement s(db_.sql(),
                        "UPDATE scheduler_runs SET finished_at = ?, status = ?, exit_code = ?, "
                        "error_message = NULLIF(?, '') WHERE id = ?");
    s.bind(1, base::FormatRfc3339(now));
    s.bind(2, status);
    s.bind(3, exit_code);
    s.bind(4, error);
    s.bind(5, id);
    s.exec();
  });
}

base::Status RunStore::RecordSkipped(const std::string& job, base::Clock::TimePoint now,
                                     const std::string& why) {
  WPP_ASSIGN_OR_RETURN(const int64_t id, Start(job, now, 0));
  return Finish(id, now, "skipped", -1, why);
}

base::Status RunStore::Prune(base::Clock::TimePoint before) {
  return db_.Guard("pruning scheduler runs", [&] {
    SQLite::Statement s(db_.sql(), "DELETE FROM scheduler_runs WHERE started_at < ?");
    s.bind(1, base::FormatRfc3339(before));
    s.exec();
  });
}

base::Result<std::vector<RunRecord>> RunStore::Runs(const std::string& job) {
  std::vector<RunRecord> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading scheduler runs", [&] {
    SQLite::Statement s(db_.sql(),
                        "SELECT id, job, started_at, COALESCE(finished_at, ''), status, "
                        "COALESCE(exit_code, -1), COALESCE(error_message, '') FROM scheduler_runs "
                        "WHERE ? = '' OR job = ? ORDER BY started_at, id");
    s.bind(1, job);
    s.bind(2, job);
    while (s.executeStep()) {
      out.push_back(RunRecord{.id = s.getColumn(0).getInt64(),
                              .job = s.getColumn(1).getString(),
                              .started_at = s.getColumn(2).getString(),
                              .finished_at = s.getColumn(3).getString(),
                              .status = s.getColumn(4).getString(),
                              .exit_code = s.getColumn(5).getInt64(),
                              .error = s.getColumn(6).getString()});
    }
  }));
  return out;
}

}  // namespace wpp::scheduler
