// SyncStore: the SQL of the object-store sync. It reads and writes the
// bookkeeping that says what the bucket holds: builds.r2_synced_at and
// packages.deployed_hash (docs/behaviour.md §8.4, §8.5).
//
// Not thread-safe (it borrows one Database); callers serialise access.

#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"

namespace wpp::objectstore {

class SyncStore {
 public:
  // `db` and `clock` must outlive the store.
  SyncStore(db::Database& db, base::Clock& clock) : db_(db), clock_(clock) {}

  // Ids of builds that were synced to the bucket, most recently synced first.
  base::Result<std::vector<std::string>> SyncedBuilds();

  // Records that the bucket now holds `build_id`. Inserts a minimal
  // 'completed' row when the build has none (a directory-only build), so the
  // next sync can diff against it.
  base::Status MarkSynced(const std::string& build_id);

  // Step 3 of the sync: deployed_hash = COALESCE(content_hash, '1') for every
  // active row whose deployed_hash is NULL or stale. Returns rows changed.
  base::Result<int> StampDeployed();

  // Composer names ("wp-plugin/x") of inactive rows that still have a
  // deployed_hash: their files are still in the bucket.
  base::Result<std::vector<std::string>> Orphans();

  // Sets deployed_hash = NULL for these Composer names.
  base::Status ClearDeployed(const std::vector<std::string>& names);

 private:
  db::Database& db_;
  base::Clock& clock_;
};

// The two bucket keys of a Composer name: "p2/<name>.json", "p2/<name>~dev.json".
std::vector<std::string> PackageKeys(const std::string& name);

}  // namespace wpp::objectstore
