// BuildStore: every SQL statement on the `builds` and `metadata_changes`
// tables that the build and deploy make (docs/behaviour.md §7.5, §8.1; docs/decisions.md §9).
// The pipeline's own bookkeeping of its running row lives in
// pipeline::RunStore.
//
// Not thread-safe: it borrows one Database, used from the calling thread.

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "repository/build_index.h"

namespace wpp::repository {

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
