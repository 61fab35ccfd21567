// Local deploy (docs/behaviour.md §8.1–§8.3; docs/decisions.md §8, §9): promote a
// validated build by an atomic swap of the `current` symlink, roll back to
// an earlier build, and clean up old builds. What `wppackages deploy` and the
// pipeline's deploy step call.
//
//   deploy::DeployOptions options;
//   options.repository_dir = config.repository_dir;
//   options.remote_sync = ...;  // the object-store sync, when configured
//   auto promoted = deploy::Promote(app.db(), app.clock(), options, build_id);
//
// Crash safety: `current` only ever changes by rename(2) of a finished
// `current.tmp` link, and only to a build that validated (manifest.json is
// written last by the build), so at any moment it names a complete build.
// A `current.tmp` left by a crash is removed by the next promotion.
//
// Not thread-safe; run one deploy at a time (the pipeline lock does).

#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "io/file_system.h"
#include "repository/build_dir.h"

namespace wpp::deploy {

using repository::BuildRef;

// Makes a remote copy serve `target` (the object-store sync). Called after
// `target` validated and before `current` moves; `current` is the build
// promoted now, or null. If it fails, nothing is promoted.
using RemoteSync = std::function<base::Status(const BuildRef& target, const BuildRef* current)>;

struct DeployOptions {
  // Holds builds/ and the `current` link (config.repository_dir).
  std::filesystem::path repository_dir = "./storage/repository";
  RemoteSync remote_sync{};
  // The user asked for the remote sync (--to-r2 or r2.enabled): promoting
  // without one is an error rather than a silent local-only deploy.
  bool require_remote_sync = false;
  // Every local file operation goes through it (tests inject faults).
  io::FileSystem* file_system = &io::FileSystem::Default();
};

struct DeployResult {
  BuildRef promoted{};
  std::string previous{};        // Build that was current before; empty when none.
  bool already_current = false;  // `current` already named the target.
  bool synced = false;           // remote_sync ran and succeeded.
  int64_t changes_recorded = 0;  // metadata_changes rows written.
};

// Promotes build `id`; an empty id means the newest build that validates
// (failed and unfinished builds are skipped, never chosen). Order: validate,
// remote sync (if any), swap `current`, then record what changed against the
// previous current build in metadata_changes (docs/decisions.md §9; a failure there
// is only logged, the promotion stands). Errors: kInvalidArgument for a
// malformed id; kNotFound for an unknown id or when there is no build at
// all; kFailedPrecondition when the build does not validate or a required
// remote sync is not available; the remote sync's own error, prefixed
// "R2 sync failed: "; kUnavailable when the link cannot be swapped.
base::Result<DeployResult> Promote(db::Database& db, base::Clock& clock,
                                   const DeployOptions& options, std::string_view id);

// Promotes build `id`, or with an empty id the newest valid build older than
// the current one. Errors: as Promote, and kFailedPrecondition "no previous
// build available for rollback".
base::Result<DeployResult> Rollback(db::Database& db, base::Clock& clock,
                                    const DeployOptions& options, std::string_view id);

inline constexpr int kMinimumRetain = 5;

struct CleanupResult {
  int retain = 0;                      // Effective value (at least kMinimumRetain).
  std::vector<std::string> removed{};  // Build ids deleted.
  std::vector<std::string> failed{};   // Build ids that could not be deleted (logged).
  int64_t unusable_removed = 0;        // Of `removed`: failed or abandoned unfinished builds.
  int64_t blobs_removed = 0;           // p2 blobs no remaining build names.
  int64_t blobs_failed = 0;            // Unreferenced blobs that could not be deleted (logged).
};

// Unreferenced blobs younger than this survive a cleanup: they may belong to
// a build that is still running (builds take seconds, not hours).
inline constexpr std::chrono::seconds kBlobGraceAge{3600};

// Deletes old build directories, keeping the current build and the
// `retain` newest others that can be promoted; failed builds (and unfinished
// ones over kBlobGraceAge old) are deleted whatever their age and take no
// retention slot (docs/behaviour.md §8.8); `retain` below kMinimumRetain is raised to it with
// a warning. A directory that cannot be deleted is logged and skipped. Then
// deletes the blobs no remaining build names (repository::CollectBlobs).
// Errors: kUnavailable when builds/ cannot be listed.
base::Result<CleanupResult> Cleanup(const std::filesystem::path& repository_dir, int retain,
                                    io::FileSystem& file_system = io::FileSystem::Default());

// Switches `current` to `target` atomically: `current.tmp` → builds/<id>,
// renamed over `current`, then the directory is fsynced. Errors:
// kUnavailable.
base::Status SwapCurrent(const std::filesystem::path& repository_dir, const BuildRef& target,
                         io::FileSystem& file_system = io::FileSystem::Default());

}  // namespace wpp::deploy
