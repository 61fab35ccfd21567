// PackageStore: every SQL statement that touches packages, package_versions,
// sync_runs, the SVN watermarks in site_meta, status_check_changes rows
// written by update, and the package_stats refresh (docs/behaviour.md §4, §5;
// docs/decisions.md §2, §13).
//
// Not thread-safe: one store per connection, used by one thread (the
// single writer of discover and update). Prepared statements are cached and
// reused. Constructing a store switches the connection's statement journals
// to memory (PRAGMA temp_store). `db` and `clock` must outlive the store.

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"

namespace wpp::packages {

// A row created by discovery (docs/behaviour.md §4.1); `last_committed` may be unknown.
struct ShellEntry {
  std::string name{};
  std::optional<std::string> last_committed{};
};

// A tag seen created in the SVN changelog, for one package.
struct TagTime {
  std::string slug{};
  std::string version{};       // Normalised.
  std::string published_at{};  // RFC 3339 commit date.
};

// A version's first-published time (docs/decisions.md §2).
struct VersionTime {
  std::string version{};       // Normalised.
  std::string published_at{};  // RFC 3339.
  std::string source{};        // "svn" or "mirror".
};

// What update needs to know about a stored package (docs/behaviour.md §5.2).
struct StoredPackage {
  int64_t id = 0;
  std::string type{};
  std::string name{};
  std::optional<std::string> last_committed{};
  std::optional<std::string> last_synced_at{};
  bool is_active = false;
  std::string versions_json{};
  std::optional<std::string> content_hash{};
  std::optional<int64_t> trunk_revision{};
  int64_t recorded_versions = 0;  // package_versions rows.
};

struct UpdateSelection {
  std::string type = "all";  // "all" or "" for both, else "plugin"/"theme".
  std::string name{};        // One slug: no dirty or activity filter.
  bool force = false;
  bool include_inactive = false;
  int limit = 0;  // 0: no limit.
};

// A full row written by update (docs/behaviour.md §5.6), with the version times to record.
struct PackageRow {
  std::string type{};
  std::string name{};
  std::optional<std::string> display_name{}, description{}, author{}, homepage{};
  std::string versions_json = "{}";
  int64_t downloads = 0, active_installs = 0, num_ratings = 0;
  std::optional<std::string> current_version{}, wporg_version{};
  std::optional<double> rating{};
  std::optional<std::string> last_committed{}, last_synced_at{};
  std::optional<int64_t> last_sync_run_id{};
  std::optional<std::string> content_hash{}, content_changed_at{};
  std::vector<VersionTime> version_times{};  // Inserted only where none is recorded.
};

// One result of update for the writer.
struct UpdateWrite {
  enum class Kind { kUpsert, kDeactivate, kTombstone };
  Kind kind = Kind::kUpsert;
  PackageRow row{};  // For deactivate/tombstone only type and name are used.
};

// A package check-status re-checks (docs/behaviour.md §11.1).
struct StatusCandidate {
  std::string type{};
  std::string name{};
  bool is_active = false;
};

// What a closure answer said (docs/behaviour.md §11.3).
struct ClosureDetails {
  std::string closed_date{};
  std::string reason{};
  std::string reason_text{};
  bool permanent = false;
};

// One state change found by check-status (docs/behaviour.md §11.2).
struct StatusChange {
  enum class Kind {
    kDeactivate,     // Active → inactive.
    kTombstone,      // → permanently closed.
    kReactivate,     // Inactive → active, re-synced by the next update.
    kRecordClosure,  // Already inactive: only the closure details are refreshed.
  };
  Kind kind = Kind::kDeactivate;
  std::string type{};
  std::string name{};
  std::optional<ClosureDetails> closure{};  // The answer's closure, if it was one.
};

struct SyncRun {
  int64_t run_id = 0;  // Logical id: MAX(packages.last_sync_run_id) + 1.
  int64_t row_id = 0;  // sync_runs.id.
  // Runs left `running` by killed processes, marked cancelled on the way
  // (docs/behaviour.md §14.7).
  int cancelled_stale = 0;
};

class PackageStore {
 public:
  PackageStore(db::Database& db, base::Clock& clock);
  ~PackageStore();
  PackageStore(const PackageStore&) = delete;
  PackageStore& operator=(const PackageStore&) = delete;

  // Shell upserts (docs/behaviour.md §4.1) of one type in one transaction; when
  // it fails, row by row. Returns how many rows failed (each logged).
  base::Result<int> UpsertShells(std::string_view type, std::span<const ShellEntry> entries);

  // MarkPackagesChanged (docs/behaviour.md §4.4) in one transaction: active rows of `type`
  // named in `revisions` get last_committed = now and their revision.
  // Returns the rows affected.
  base::Result<int> MarkPackagesChanged(std::string_view type,
                                        const std::map<std::string, int64_t>& revisions);

  // Records SVN tag-creation times for existing packages of `type` where no
  // time is recorded yet (source "svn"). Returns rows inserted.
  base::Result<int> RecordTagTimes(std::string_view type, std::span<const TagTime> tags);

  base::Result<std::optional<std::string>> GetMeta(std::string_view key);
  base::Status SetMeta(std::string_view key, std::string_view value);

  // docs/behaviour.md §5.1 and §14.7 (records this process's pid). Errors: kInternal/kUnavailable
  // from SQLite.
  base::Result<SyncRun> AllocateSyncRun();
  base::Status FinishSyncRun(int64_t row_id, std::string_view status, std::string_view meta_json);

  // docs/behaviour.md §5.2, ordered by last_synced_at (NULL first).
  base::Result<std::vector<StoredPackage>> SelectForUpdate(const UpdateSelection& selection);

  // Applies update results in one transaction; if that fails, each in its
  // own. Sets ok[i] per write. Deactivations and tombstones of active rows
  // add a status_check_changes row without a status check (docs/decisions.md §13).
  base::Status ApplyUpdates(std::span<const UpdateWrite> writes, std::vector<bool>* ok);

  // --- check-status (docs/behaviour.md §11), in status_writes.cc ---

  // Every package not permanently closed, of `type` ("all"/"" for both),
  // ordered by type and name.
  base::Result<std::vector<StatusCandidate>> SelectForStatusCheck(std::string_view type);
  // Applies one change and its status_check_changes row in one transaction.
  // Returns whether the package's state changed (a change that finds the
  // row already in the target state writes nothing and returns false); for
  // kRecordClosure, whether the closure details changed.
  base::Result<bool> ApplyStatusChange(int64_t status_check_id, const StatusChange& change);
  // Retention (docs/behaviour.md §11.1): keeps the change rows of the
  // `keep_runs` most recent runs, and update's rows (no run) no older than
  // the oldest of them. Returns rows deleted.
  base::Result<int> PruneStatusCheckChanges(int keep_runs);

  // --- packages.deployed_hash, written by the object-store sync ---

  // deployed_hash = COALESCE(content_hash, '1') for every active row whose
  // deployed_hash is NULL or stale. Returns rows changed.
  base::Result<int> StampDeployed();
  // Composer names ("wp-plugin/x") of inactive rows that still have a
  // deployed_hash: their files are still in the bucket.
  base::Result<std::vector<std::string>> DeployedOrphans();
  // Sets deployed_hash = NULL for these Composer names.
  base::Status ClearDeployed(const std::vector<std::string>& names);

  // RefreshSiteStats (docs/behaviour.md §5.8).
  base::Status RefreshSiteStats();

  // backfill-revisions (docs/behaviour.md §4.5).
  base::Result<int64_t> CountPluginsWithoutRevision();
  base::Result<int> BackfillRevisions(const std::map<std::string, int64_t>& revisions);

 private:
  // Cached prepared statements, created on first use.
  struct Statements {
    std::unique_ptr<SQLite::Statement> upsert_shell, mark_changed, tag_time, upsert_row,
        update_text, deactivate, tombstone, status_change, backfill;
    // version_times[n]: an INSERT of n rows into package_versions.
    std::vector<std::unique_ptr<SQLite::Statement>> version_times;
  };

  void UpsertShell(std::string_view type, const ShellEntry& entry, const std::string& now);
  void ApplyOne(const UpdateWrite& write, const std::string& now);
  void UpsertRow(const PackageRow& row, const std::string& now);
  void CloseRow(const UpdateWrite& write, const std::string& now);
  void InsertVersionTimes(int64_t package_id, std::span<const VersionTime> times);
  SQLite::Statement& Prepared(std::unique_ptr<SQLite::Statement>& slot, const char* sql);

  db::Database& db_;
  base::Clock& clock_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace wpp::packages
