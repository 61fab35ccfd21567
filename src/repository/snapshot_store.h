// SnapshotStore: the build's only SQL read. It walks the active packages
// inside one read transaction, so in WAL mode every row (and the versions'
// publish times) come from the same database snapshot even while `update`
// writes (docs/decisions.md §5).
//
// Not thread-safe: it borrows one Database, used from the calling thread.

#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "composer/package_metadata.h"
#include "db/database.h"

namespace wpp::repository {

// One active package as stored, with its versions' publish times.
struct SnapshotRow {
  int64_t id = 0;
  composer::PackageType type = composer::PackageType::kPlugin;
  std::string slug{};
  std::string description{};
  std::string author{};
  std::string homepage{};
  std::string versions_json{};
  std::string last_committed{};
  std::optional<int64_t> trunk_revision{};
  // Number of package_versions rows. Rows are only ever added
  // (docs/decisions.md §2: a publish time never changes once set), so the count tells whether
  // the times changed without reading them.
  int64_t version_count = 0;
  // The package's security advisories as published: canonical JSON objects
  // joined by commas (docs/behaviour.md §20.6); empty when none.
  std::string advisories{};
  // package_versions of this package as "<version>\x1f<published_at>"
  // records joined by '\x1e', ordered by version; empty when none. Only
  // read when `published_loaded`.
  std::string published{};
  bool published_loaded = false;
};

struct SnapshotInfo {
  int64_t packages = 0;     // Rows the walk will visit (at most).
  int64_t snapshot_id = 0;  // MAX(last_sync_run_id) in the snapshot; 0 when none.
  // The change log's last position in the snapshot (docs/behaviour.md §7.8).
  int64_t change_seq = 0;
  // The walk visits only the packages logged since Walker::changed_since;
  // `changed` then holds their Composer names, sorted and unique. A logged
  // name without a row (deleted, deactivated, unpublished) is not visited.
  bool incremental = false;
  std::vector<std::string> changed{};
  std::string full_reason{};  // Why a walk asked to be incremental is not.
};

class SnapshotStore {
 public:
  // `db` must outlive the store.
  explicit SnapshotStore(db::Database& db) : db_(db) {}

  // Restricts the walk to one package.
  struct Filter {
    composer::PackageType type = composer::PackageType::kPlugin;
    std::string slug{};
  };

  struct Walker {
    const Filter* filter = nullptr;  // Restricts the walk to one package.
    // Read every package's publish times along with it (cheap in bulk);
    // otherwise rows come without them and PublishedOf reads them on demand.
    bool with_published = true;
    // >= 0: the change-log position the base build saw. The walk then visits
    // only the packages logged after it, unless the log was pruned past it or
    // more than `max_changed` names were logged: then every package.
    int64_t changed_since = -1;
    size_t max_changed = 0;
    // Composer names an incremental walk visits as well (sorted).
    std::vector<std::string> also_read{};
    std::function<base::Status(const SnapshotInfo&)> begin{};
    std::function<base::Status(SnapshotRow&&)> each{};
    std::function<base::Status()> end{};  // After the last row; may be empty.
  };

  // Opens a read transaction, reports the snapshot's size through `begin`,
  // calls `each` for every active package (filtered when `filter` is set) in
  // package id order, then `end`, and ends the transaction. The first error
  // a callback returns stops the walk and is returned. Errors from SQLite:
  // kUnavailable (busy) or kInternal.
  base::Status Walk(const Walker& walker);

  // The publish times of one package (SnapshotRow::published form), from the
  // walk's snapshot. Only valid inside Walk's callbacks. Errors:
  // kFailedPrecondition outside a walk; SQLite's otherwise.
  base::Result<std::string> PublishedOf(int64_t package_id);

  // Forgets change-log positions up to `through` (docs/behaviour.md §7.8):
  // a later walk from an older position visits every package.
  base::Status PruneChanges(int64_t through);

  // After a restore (docs/behaviour.md §7.8, §8.6): builds made after the
  // snapshot may record positions the restored log has not reached, or will
  // reach with other changes. The log's positions jump past any of them
  // and count as pruned up to there, so the next walk from such a position
  // visits every package, and later walks read by name again.
  base::Status StartNewEpoch();

 private:
  base::Status WalkInTransaction(const Walker& walker);
  // Fills the change-log fields of `info`; reads the changed names when the
  // walk can be incremental.
  void ReadChangeLog(const Walker& walker, SnapshotInfo* info);
  // Visits the rows of info.changed.
  base::Status WalkChanged(const Walker& walker, const SnapshotInfo& info);

  db::Database& db_;
  bool walking_ = false;
  std::unique_ptr<SQLite::Statement> published_of_{};
};

// Splits SnapshotRow::published into version → time.
std::map<std::string, std::string> ParsePublished(std::string_view published);

}  // namespace wpp::repository
