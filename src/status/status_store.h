// StatusStore: the one writer of status_checks (one row per check-status
// run) and closure_events (mass closures, docs/behaviour.md §11.5).
//
// Not thread-safe: one store per connection. `db` and `clock` must outlive
// the store.

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"

namespace wpp::status {

// The counters of a run, as stored (docs/behaviour.md §11.1).
struct RunCounters {
  int64_t checked = 0;
  int64_t deactivated = 0;  // Deactivated and tombstoned.
  int64_t reactivated = 0;
  int64_t failed = 0;
};

// A closure_events row.
struct ClosureEvent {
  int64_t id = 0;
  std::string vendor_name{};
  std::string vendor_slug{};
  std::string detected_at{};
  std::vector<std::string> plugin_slugs{};
};

// What one mass-closure pass did.
struct MassClosureReport {
  int created = 0;
  int extended = 0;
};

class StatusStore {
 public:
  StatusStore(db::Database& db, base::Clock& clock);

  // Inserts a `running` row started now. Returns its id.
  base::Result<int64_t> StartRun();
  // Writes the final status ("completed", "completed_with_errors",
  // "failed", "cancelled"), counters, finished_at and duration.
  base::Status FinishRun(int64_t id, std::string_view status, const RunCounters& counters,
                         std::string_view error_message);

  // docs/behaviour.md §11.5, in one transaction, as of the clock's now.
  base::Result<MassClosureReport> TrackMassClosures();

  // Every event, newest first (tests and tools).
  base::Result<std::vector<ClosureEvent>> ListEvents();

 private:
  db::Database& db_;
  base::Clock& clock_;
};

}  // namespace wpp::status
