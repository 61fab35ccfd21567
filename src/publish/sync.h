// Sync of one build directory to the Composer bucket (docs/behaviour.md §8.4;
// docs/decisions.md §7, §9): what `deploy --to-r2`, `deploy --rollback --to-r2`
// and the pipeline run between validating a build and promoting it.
//
// What the bucket holds is known from the database: the most recently synced
// build (builds.r2_synced_at), trusted only while the bucket's packages.json
// still equals that build's. Only p2 files that differ from it are uploaded,
// so a deploy after 200 changed packages sends about 200 PUTs, not 70,000.

#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "objectstore/object_store.h"

namespace wpp::publish {

using objectstore::ObjectStore;

struct SyncOptions {
  int concurrency = 50;  // Uploads in flight (<= 0: 50).
  std::string cache_control = "public, max-age=300";
  size_t progress_every = 500;  // Log a progress line every N uploads.
};

struct SyncReport {
  std::string build_id{};
  std::string base_build{};              // The build diffed against; empty: all files were sent.
  size_t files = 0;                      // p2 files in the build.
  size_t uploaded = 0;                   // p2 files sent (packages.json is not counted).
  size_t unchanged = 0;                  // p2 files skipped as identical to the base build.
  int stamped = 0;                       // Rows whose deployed_hash was set.
  std::vector<std::string> published{};  // Composer names whose files were sent, sorted.
  std::vector<std::string> removed{};    // Composer names whose files were deleted.
  std::chrono::milliseconds elapsed{};
};

// Makes the bucket serve build `build_id` (`repository_dir`/builds/<id>):
//   1. validates the build (packages.json parses, manifest.json exists);
//   2. uploads, `concurrency` at a time, every p2 file that differs from the
//      base build (all of them when there is none); the first failure
//      cancels the rest;
//   3. stamps deployed_hash; 4. deletes both keys of every orphaned package
//      (inactive, deployed_hash set) and clears its deployed_hash;
//   5. uploads packages.json, last, so the bucket never points at files it
//      does not hold yet; 6. records builds.r2_synced_at.
// Every PUT carries Content-Type application/json and `cache_control`.
//
// On error nothing records the build as synced: a re-run diffs against the
// same base and completes the job. Errors: kFailedPrecondition for an
// invalid build; the store's errors (annotated with the key) otherwise.
// `store`, `db` and `clock` are borrowed; `db` is used from this thread only.
base::Result<SyncReport> SyncBuild(ObjectStore& store, db::Database& db, base::Clock& clock,
                                   const std::filesystem::path& repository_dir,
                                   const std::string& build_id, const SyncOptions& options);

// "p2/wp-plugin/akismet~dev.json" -> "wp-plugin/akismet"; empty for a path
// that is not a p2 file.
std::string PackageNameOfKey(std::string_view key);

}  // namespace wpp::publish
