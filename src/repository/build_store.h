// BuildStore: the one owner of the `builds` and `metadata_changes` tables.
// Every SQL statement on them lives here: the build's own row and figures,
// the pipeline's running row and step timings, the object-store sync's
// bookkeeping (r2_synced_at), and the changes feed (see
// docs/behaviour.md §7.5, docs/behaviour.md §8.1 and docs/decisions.md §9).
//
// Not thread-safe: it borrows one Database, used from the calling thread.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "repository/build_index.h"

namespace wpp::repository {

// Seconds each pipeline step took; unset for steps that did not run.
struct StepSeconds {
  std::optional<int64_t> discover{};
  std::optional<int64_t> update{};
  std::optional<int64_t> build{};
  std::optional<int64_t> deploy{};
  std::optional<int64_t> r2_upload{};
};

// The figures of one finished build.
struct BuildRecord {
  std::string id{};
  std::string started_at{};   // RFC 3339.
  std::string finished_at{};  // RFC 3339.
  int64_t duration_seconds = 0;
  int64_t packages_total = 0;
  int64_t packages_changed = 0;
  int64_t packages_skipped = 0;
  int64_t artifact_count = 0;
  std::string root_hash{};
  std::optional<int64_t> sync_run_id{};
};

class BuildStore {
 public:
  // `db` and `clock` must outlive the store.
  BuildStore(db::Database& db, base::Clock& clock) : db_(db), clock_(clock) {}

  // Whether a row with this id exists.
  base::Result<bool> Exists(const std::string& id);

  // Inserts a `running` row for a build this process owns. Errors:
  // kAlreadyExists when the id is taken.
  base::Status InsertRunning(const std::string& id, const std::string& started_at, int64_t pid);

  // Stores the figures and sets status `completed`.
  base::Status Complete(const BuildRecord& record);

  // Stores the figures of a build whose row the caller (the pipeline) owns,
  // leaving its status alone. Errors: kNotFound when there is no row.
  base::Status RecordFigures(const BuildRecord& record);

  // Sets status `failed` with the message.
  base::Status Fail(const std::string& id, const std::string& error_message);

  // Status of a build row; nullopt when there is none.
  base::Result<std::optional<std::string>> StatusOf(const std::string& id);

  // --- The pipeline's row (build_runs.cc) ---

  // Marks `running` rows whose pid no longer exists as cancelled; returns
  // how many.
  base::Result<int> CancelStaleRuns();
  // Inserts the pipeline's `running` row. Errors: kAlreadyExists when the id
  // is taken.
  base::Status StartRun(const std::string& id, int pid);
  // Claims a pre-created running row. Errors: kNotFound.
  base::Status ClaimRun(const std::string& id, int pid);
  // Final status of the pipeline's row, with its step timings.
  base::Status FinishRun(const std::string& id, bool ok, const std::string& error_message,
                         const StepSeconds& steps);
  // Id of the most recent failed build, or empty.
  std::string LatestFailed();
  // Seconds from the finish of the most recent completed build or pipeline
  // run to the clock's now; nullopt when none completed.
  base::Result<std::optional<int64_t>> SecondsSinceLastCompleted();

  // --- The object-store sync's bookkeeping ---

  // Ids of builds that were synced to the bucket, most recently synced first.
  base::Result<std::vector<std::string>> SyncedBuilds();
  // Records that the bucket now holds `build_id`. Inserts a minimal
  // 'completed' row when the build has none (a directory-only build), so the
  // next sync can diff against it.
  base::Status MarkSynced(const std::string& build_id);

  // In one transaction: inserts a metadata_changes row per updated and
  // deleted package, stamped `timestamp_ms`, and deletes rows older than
  // 24 hours before it. Returns the rows inserted.
  base::Result<int64_t> RecordChanges(const std::string& build_id, const ChangeList& changes,
                                      int64_t timestamp_ms);

 private:
  db::Database& db_;
  base::Clock& clock_;
};

}  // namespace wpp::repository
