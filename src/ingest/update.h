// `update` (docs/behaviour.md §5): fetch full metadata for the packages that need
// it with a pool of workers, and store the results through one writer.

#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "ingest/env.h"

namespace wpp::ingest {

struct UpdateOptions {
  std::string type = "all";  // "all", "plugin" or "theme" (anything else selects nothing).
  std::string name{};        // One slug, regardless of dirtiness and activity.
  bool force = false;
  bool include_inactive = false;
  int limit = 0;        // 0: no limit.
  int concurrency = 0;  // <= 0: config.discovery.concurrency.
};

struct UpdateStats {
  int64_t selected = 0;
  int64_t fetched = 0;  // Packages whose fetch finished (any outcome).
  int64_t updated = 0;
  int64_t changed = 0;
  int64_t failed = 0;
  int64_t deactivated = 0;
  int64_t tombstoned = 0;
  int64_t stale_retried = 0;
  int64_t stale_expired = 0;
  int64_t invalid_utf8 = 0;    // Answers repaired before parsing.
  int64_t malformed_json = 0;  // Answers skipped as unreadable (counted in failed).
  int64_t times_pending = 0;   // Packages whose version folders could not be dated.
  double seconds = 0;
  bool interrupted = false;
};

// The sync run's meta_json: canonical JSON of the counters of docs/behaviour.md §5.8.
std::string UpdateMetaJson(const UpdateStats& stats);

// docs/behaviour.md §14.4: whether `failed` of `fetched` fetches make the run
// fail: more than `max_failure_percent` of them, or all of at least 20.
bool TooManyFailures(int64_t failed, int64_t fetched, int max_failure_percent);

// Runs update and logs one summary line. Per-package failures do not fail
// the call unless TooManyFailures (config update.max_failure_percent): then
// the run is stored and the call fails with kUnavailable. Errors: database failures allocating or
// finishing the sync run or refreshing stats; kUnavailable "interrupted" after a stop signal (the
// work done so far is stored and the run is marked cancelled).
base::Result<UpdateStats> RunUpdate(const Env& env, const UpdateOptions& options);

}  // namespace wpp::ingest
