// cleanup-r2-orphans (docs/behaviour.md §8.5): the bulk form of the sync's orphan
// removal, for when many packages were closed at once.

#pragma once

#include <cstddef>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "objectstore/object_store.h"

namespace wpp::publish {

using objectstore::ObjectStore;

struct OrphanReport {
  size_t packages = 0;  // Orphaned packages found.
  size_t keys_deleted = 0;
  size_t keys_failed = 0;
};

// Deletes both keys of every inactive package that still has a
// deployed_hash, in DeleteObjects batches of up to 1,000 keys,
// `concurrency` batches at a time (<= 0: 50). A failed batch marks its keys
// failed and does not stop the others; deployed_hash is cleared for each
// package whose keys were all deleted (after each batch, then once more at
// the end). Safe to interrupt and re-run. Errors: only a failure to read the
// candidates or of the final clear.
base::Result<OrphanReport> CleanupOrphans(ObjectStore& store, db::Database& db, base::Clock& clock,
                                          int concurrency);

}  // namespace wpp::publish
