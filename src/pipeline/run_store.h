// RunStore: the pipeline's own SQL on the builds table: its `running` row,
// cancelling rows of pipelines that died, and the final status with step
// durations.

#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"

namespace wpp::pipeline {

struct StepSeconds {
  std::optional<int64_t> discover{};
  std::optional<int64_t> update{};
  std::optional<int64_t> build{};
  std::optional<int64_t> deploy{};
  std::optional<int64_t> r2_upload{};
};

// Borrows `db` and `clock`, which must outlive it. Not thread-safe.
class RunStore {
 public:
  RunStore(db::Database& db, base::Clock& clock) : db_(db), clock_(clock) {}

  // Marks `running` rows whose pid no longer exists as cancelled; returns
  // how many.
  base::Result<int> CancelStale();
  // Inserts the pipeline's `running` row. Errors: kAlreadyExists when the id
  // is taken.
  base::Status Start(const std::string& id, int pid);
  // Claims a pre-created running row. Errors: kNotFound.
  base::Status Claim(const std::string& id, int pid);
  base::Status Finish(const std::string& id, bool ok, const std::string& error_message,
                      const StepSeconds& steps);
  // Id of the most recent failed build, or empty.
  std::string LatestFailed();

 private:
  db::Database& db_;
  base::Clock& clock_;
};

}  // namespace wpp::pipeline
