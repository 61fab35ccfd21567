// `check-status` (docs/behaviour.md §11): re-asks WordPress.org about every
// package that is not permanently closed, with a pool of workers, and
// records closures and re-openings through one writer: a status_checks row
// per run, status_check_changes rows, closure details, then mass-closure
// tracking.

#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "config/config.h"
#include "db/database.h"
#include "io/http_client.h"
#include "packages/package_store.h"
#include "wporg/types.h"

namespace wpp::status {

// What a run borrows; every member must outlive it.
struct CheckEnv {
  db::Database& db;
  base::Clock& clock;
  io::HttpClient& http;
  const config::Config& config;
  // When it becomes true, workers stop between packages. May be null.
  const std::atomic<bool>* stop = nullptr;
};

struct CheckOptions {
  std::string type = "all";  // "all", "plugin" or "theme".
  int concurrency = 0;       // <= 0: config.discovery.concurrency (10 if unset).
  // Called once when a run ends `failed` (docs/behaviour.md §11.1), with a
  // label ("check-status #12") and lines describing it.
  std::function<void(const std::string& label, const std::vector<std::string>& lines)> on_failure{};
};

struct CheckReport {
  int64_t run_id = 0;
  int64_t selected = 0;
  int64_t checked = 0;
  int64_t deactivated = 0;
  int64_t tombstoned = 0;
  int64_t reactivated = 0;
  int64_t failed = 0;
  int64_t closures_recorded = 0;  // Closure details that changed on inactive rows.
  int mass_created = 0;
  int mass_extended = 0;
  std::string status{};
  double seconds = 0;
  bool interrupted = false;
};

// What to do with one answer (docs/behaviour.md §11.2).
enum class Verdict { kNothing, kDeactivate, kTombstone, kReactivate, kRecordClosure, kFailed };

struct Decision {
  Verdict verdict = Verdict::kNothing;
  std::string error{};                                // For kFailed.
  std::optional<packages::ClosureDetails> closure{};  // From a closure answer.
};

// The decision table of docs/behaviour.md §11.2 for a package in state
// `is_active` and the client's final answer.
Decision Decide(bool is_active, const base::Result<wporg::InfoResult>& answer);

// Runs check-status and logs one summary line. Per-package failures do not
// fail the call. Errors: the run itself failed (database), or kUnavailable
// "interrupted" after a stop signal (the run is marked `cancelled`).
base::Result<CheckReport> RunCheckStatus(const CheckEnv& env, const CheckOptions& options);

// Changes rows of the last `keep` runs are kept (docs/behaviour.md §11.1).
inline constexpr int kKeptRuns = 50;

}  // namespace wpp::status
