// RunStore: the one writer of `scheduler_runs` (migration 006), the
// scheduler's memory of its runs across restarts (docs/behaviour.md §16.2).

#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"

namespace wpp::scheduler {

struct RunRecord {
  int64_t id = 0;
  std::string job{};
  std::string started_at{};
  std::string finished_at{};
  std::string status{};  // running, succeeded, failed, timed_out, stopped, skipped, abandoned.
  int64_t exit_code = -1;
  std::string error{};
};

class RunStore {
 public:
  explicit RunStore(db::Database& db) : db_(db) {}

  // Errors: kFailedPrecondition when the table is missing (run `migrate`).
  base::Status CheckSchema();
  // Rows still `running` belong to a scheduler that died (one scheduler
  // holds the lock at a time): marked `abandoned`. Returns how many.
  base::Result<int> AbandonRunning(base::Clock::TimePoint now);
  // The newest start of each job, any outcome.
  base::Result<std::map<std::string, base::Clock::TimePoint>> LastStarts();

  base::Result<int64_t> Start(const std::string& job, base::Clock::TimePoint now, int64_t pid);
  base::Status Finish(int64_t id, base::Clock::TimePoint now, const std::string& status,
                      int64_t exit_code, const std::string& error);
  // A run that did not happen (another process holds the pipeline lock).
  base::Status RecordSkipped(const std::string& job, base::Clock::TimePoint now,
                             const std::string& why);
  // Deletes rows started before `before`.
  base::Status Prune(base::Clock::TimePoint before);

  // Every run of `job` ("": all), oldest first. For tests and metrics.
  base::Result<std::vector<RunRecord>> Runs(const std::string& job = "");

 private:
  db::Database& db_;
};

}  // namespace wpp::scheduler
