// Build: turns the database into a complete static Composer repository
// under <output_dir>/<build id>/ (docs/behaviour.md §6–§7; docs/decisions.md §1–§9).
// This is what `wppackages build` and the pipeline's build step call.
//
//   repository::BuildOptions options;
//   options.output_dir = config.repository_dir + "/builds";
//   options.app_url = config.app_url;
//   auto result = repository::Build(app.db(), app.clock(), options);
//
// What a build does, in order:
//   1. claims <output_dir>/<id> (id = UTC start time, YYYYMMDD-HHMMSS; a
//      taken second is waited out unless the id was given);
//   2. takes the build `current` points at (in the parent of output_dir) as
//      its base: packages whose inputs are unchanged keep the base's blobs
//      (blob_store.h), neither serialised nor written (docs/decisions.md §7);
//   3. reads every active package inside one read transaction (docs/decisions.md §5)
//      and stores the p2 documents of new or changed ones as blobs in
//      <parent of output_dir>/blobs; when the base recorded its change-log
//      position, reads only the packages logged since and copies the base's
//      other index lines (docs/behaviour.md §7.8);
//   4. writes index.tsv and changes.json (updated and deleted packages
//      against the base: deploy publishes them to the changes feed when it
//      promotes the build, docs/decisions.md §9), then packages.json;
//   5. validates: every written p2 document parses and names its package,
//      every blob the index names exists, packages.json parses;
//   6. flushes the file system, writes manifest.json last, and records the
//      builds row as completed.
// A build that fails after step 1 leaves its directory marked with .failed
// and its row `failed`; deploy never promotes it.

#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "io/file_system.h"

namespace wpp::repository {

struct BuildOptions {
  // The builds directory. `current` is looked up in its parent.
  std::filesystem::path output_dir = "./storage/repository/builds";
  std::string app_url{};  // config.app_url: absolute URLs in packages.json.
  // Serialise every package, reusing nothing from the base build (changes
  // are still reported against it).
  bool force = false;
  // Rebuild one package on top of the current build: "wp-plugin/<slug>",
  // "wp-theme/<slug>", "plugin/<slug>" or "theme/<slug>". Every other
  // package is carried over from the base, so the result is complete.
  std::string package{};
  // An id the caller allocated (the pipeline). The caller then owns the
  // builds row and its status; the build only records its figures there.
  std::string build_id{};
  // Flush the file system before writing manifest.json, so a promoted build
  // survives a power cut. Tests turn it off.
  bool durable = true;
  // Threads that serialise and write packages; 0: one per core.
  int threads = 0;
  // Set by SIGINT/SIGTERM (docs/decisions.md §11): checked between packages; the
  // build then stops, is marked failed and is never promoted. May be null.
  const std::atomic<bool>* stop = nullptr;
  // Every file operation goes through it (tests inject faults).
  io::FileSystem* file_system = &io::FileSystem::Default();
  // Test seam: called after the p2 files are written, before validation.
  std::function<void(const std::filesystem::path& dir)> before_validation_for_test{};
};

struct BuildResult {
  std::string build_id{};
  std::filesystem::path dir{};
  std::string base_build{};      // Empty: no base build.
  int64_t packages_total = 0;    // Packages published.
  bool incremental = false;      // Only changed packages were read (docs/behaviour.md §7.8).
  int64_t packages_changed = 0;  // Updated against the base.
  int64_t packages_deleted = 0;  // Gone since the base.
  int64_t packages_reused = 0;   // Packages whose blobs are all the base's.
  int64_t packages_written = 0;  // Packages with a blob written.
  int64_t packages_spliced = 0;  // Only their advisories changed (docs/behaviour.md §7.8).
  int64_t packages_skipped = 0;  // Unusable rows (logged).
  int64_t versions_dropped = 0;  // Versions Composer could not parse.
  int64_t blobs_verified = 0;    // Base blobs re-hashed before reuse (docs/behaviour.md §7.6).
  int64_t blobs_repaired = 0;    // Of those, blobs that did not match and were written again.
  int64_t artifact_count = 0;    // p2 files + packages.json + manifest.json.
  std::string root_hash{};       // SHA-256 hex of packages.json.
  int64_t snapshot_id = 0;       // MAX(last_sync_run_id) of the snapshot.
  double seconds = 0;
  double populate_seconds = 0;  // Reading the snapshot and placing p2 files.
  double validate_seconds = 0;  // Integrity validation.
  double sync_seconds = 0;      // Flushing the file system (durable builds).
};

// Runs a build. Errors: kInvalidArgument for a malformed `package`;
// kUnavailable "interrupted" when `stop` was set;
// kAlreadyExists when a given build_id's directory exists; kDataLoss when
// integrity validation fails (the build is then marked failed);
// kUnavailable for file system or database failures. `db` and `clock` are
// borrowed for the call; `db` must not be used by another thread meanwhile.
base::Result<BuildResult> Build(db::Database& db, base::Clock& clock, const BuildOptions& options);

}  // namespace wpp::repository
