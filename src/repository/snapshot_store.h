// SnapshotStore: the build's only SQL read. It walks the active packages
// inside one read transaction, so in WAL mode every row (and the versions'
// publish times) come from the same database snapshot even while `update`
// writes (decisions.md §5).
//
// Not thread-safe: it borrows one Database, used from the calling thread.

#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "composer/package_metadata.h"
#include "db/database.h"

namespace wpp::repository {

// One active package as stored, with its versions' publish times.
struct PackageRow {
  composer::PackageType type = composer::PackageType::kPlugin;
  std::string slug{};
  std::string description{};
  std::string author{};
  std::string homepage{};
  std::string versions_json{};
  std::string last_committed{};
  std::optional<int64_t> trunk_revision{};
  // package_versions of this package as "<version>\x1f<published_at>"
  // records joined by '\x1e', ordered by version; empty when none.
  std::string published{};
};

struct SnapshotInfo {
  int64_t packages = 0;     // Active packages matching the filter.
  int64_t snapshot_id = 0;  // MAX(last_sync_run_id) in the snapshot; 0 when none.
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

  // Opens a read transaction, reports the snapshot's size through `begin`,
  // then calls `each` for every active package (filtered when `filter` is
  // set) in package id order, and ends the transaction. The first error
  // `begin` or `each` returns stops the walk and is returned. Errors from
  // SQLite: kUnavailable (busy) or kInternal.
  base::Status Walk(const Filter* filter,
                    const std::function<base::Status(const SnapshotInfo&)>& begin,
                    const std::function<base::Status(PackageRow&&)>& each);

 private:
  base::Status WalkInTransaction(const Filter* filter,
                                 const std::function<base::Status(const SnapshotInfo&)>& begin,
                                 const std::function<base::Status(PackageRow&&)>& each);

  db::Database& db_;
};

// Splits PackageRow::published into version → time.
std::map<std::string, std::string> ParsePublished(std::string_view published);

}  // namespace wpp::repository
