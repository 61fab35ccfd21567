#include "deploy/deploy.h"

#include <algorithm>
#include <ctime>
#include <optional>

#include "base/log.h"
#include "repository/blob_store.h"
#include "repository/build_index.h"
#include "repository/build_store.h"
#include "repository/verify.h"

namespace wpp::deploy {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

constexpr std::string_view kRemoteSyncFailed = "R2 sync failed";

fs::path BuildsDir(const DeployOptions& options) {
  return options.repository_dir / repository::kBuildsDir;
}

base::Result<BuildRef> ResolveId(const DeployOptions& options, std::string_view id) {
  if (!repository::IsBuildId(id)) {
    return Error(ErrorCode::kInvalidArgument,
                 "invalid build id " + std::string(id) + " (want YYYYMMDD-HHMMSS)");
  }
  BuildRef ref{std::string(id), BuildsDir(options) / std::string(id)};
  if (!repository::IsDirectory(ref.dir, *options.file_system)) {
    return Error(ErrorCode::kNotFound, "build " + ref.id + " not found");
  }
  return ref;
}

// The newest build accepted by `eligible` that validates; invalid ones are
// logged and passed over.
base::Result<std::optional<BuildRef>> NewestValid(
    const DeployOptions& options, const std::function<bool(const std::string&)>& eligible) {
  WPP_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                       repository::ListBuilds(BuildsDir(options), *options.file_system));
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    if (!eligible(*it)) {
      continue;
    }
    BuildRef ref{*it, BuildsDir(options) / *it};
    if (base::Status valid = repository::ValidateBuild(ref.dir, *options.file_system);
        !valid.ok()) {
      base::log::Warn("skipping build", {{"build_id", *it}, {"reason", valid.error().message()}});
      continue;
    }
    return std::optional<BuildRef>(std::move(ref));
  }
  return std::optional<BuildRef>();
}

// What the feed should announce when `target` replaces `current`: the
// build's own change list when it was built on `current`, else the
// difference of the two builds' indexes.
std::optional<repository::ChangeList> ChangesBetween(const BuildRef* current,
                                                     const BuildRef& target,
                                                     io::FileSystem& file_system) {
  const std::string current_id = current ? current->id : "";
  auto listed = repository::ReadChanges(target.dir / repository::kChangesFile, file_system);
  if (listed && listed->base_build == current_id) {
    return std::move(listed).value();
  }
  auto to = repository::ReadIndex(target.dir / repository::kIndexFile, file_system);
  if (!to) {
    return std::nullopt;
  }
  repository::BuildIndex from;
  if (current) {
    auto read = repository::ReadIndex(current->dir / repository::kIndexFile, file_system);
    if (!read) {
      return std::nullopt;
    }
    from.swap(*read);
  }
  return repository::DiffIndexes(from, *to);
}

int64_t RecordChanges(db::Database& db, base::Clock& clock, const BuildRef* current,
                      const BuildRef& target, io::FileSystem& file_system) {
  const std::optional<repository::ChangeList> changes =
      ChangesBetween(current, target, file_system);
  if (!changes) {
    base::log::Warn("no change list for the changes feed", {{"build_id", target.id}});
    return 0;
  }
  repository::BuildStore store(db, clock);
  auto recorded = store.RecordChanges(target.id, *changes, base::UnixMillis(clock.Now()));
  if (!recorded) {
    base::log::Warn("recording metadata changes failed", {{"error", recorded.error().message()}});
    return 0;
  }
  return *recorded;
}

base::Status FsyncDir(const fs::path& dir, io::FileSystem& file_system) {
  auto fd = file_system.OpenDir(dir);
  if (!fd) {
    return Error(ErrorCode::kUnavailable, "syncing " + dir.string() + ": " + fd.error().message());
  }
  base::Status synced = file_system.Sync(*fd, dir);
  (void)file_system.Close(*fd, dir);
  if (!synced.ok()) {
    return Error(ErrorCode::kUnavailable, synced.error().message());
  }
  return base::Status::Ok();
}

// Re-hashes the blobs `target` names that `current` does not: those were
// checked when `current` was promoted, so the cost follows the change
// (docs/behaviour.md §8.7). Without a readable current index, every blob.
base::Status VerifyContent(const BuildRef& target, const BuildRef* current,
                           io::FileSystem& file_system) {
  std::optional<repository::BuildIndex> trusted;
  if (current && current->id != target.id) {
    if (auto index = repository::ReadIndex(current->dir / repository::kIndexFile, file_system)) {
      trusted.emplace(std::move(index).value());
    }
  } else if (current) {
    return base::Status::Ok();  // Already current: nothing new is published.
  }
  int64_t checked = 0;
  WPP_RETURN_IF_ERROR(repository::VerifyAddedBlobs(target.dir, trusted ? &*trusted : nullptr,
                                                   file_system, &checked));
  base::log::Info("build content verified", {{"build_id", target.id}, {"blobs_rehashed", checked}});
  return base::Status::Ok();
}

// `validated`: NewestValid has just validated `target`; once is enough
// (each validation parses the index and lists every blob).
base::Result<DeployResult> PromoteRef(db::Database& db, base::Clock& clock,
                                      const DeployOptions& options, const BuildRef& target,
                                      bool validated = false) {
  io::FileSystem& file_system = *options.file_system;
  if (!validated) {
    WPP_RETURN_IF_ERROR(repository::ValidateBuild(target.dir, file_system));
  }
  auto current = repository::CurrentBuild(options.repository_dir, file_system);
  if (!current) {
    base::log::Warn("replacing an unusable current link", {{"error", current.error().message()}});
  }
  const BuildRef* before = current && current->has_value() ? &**current : nullptr;
  WPP_RETURN_IF_ERROR(VerifyContent(target, before, file_system));
  if (options.require_remote_sync && !options.remote_sync) {
    return Error(ErrorCode::kFailedPrecondition,
                 "object-store sync requested (--to-r2 or r2.enabled) but not available; "
                 "nothing was promoted");
  }
  DeployResult result;
  result.promoted = target;
  result.previous = before ? before->id : "";
  if (options.remote_sync) {
    if (base::Status synced = options.remote_sync(target, before); !synced.ok()) {
      base::Error error = std::move(synced).error();
      if (error.message().rfind(kRemoteSyncFailed, 0) == 0) {
        return error;  // Already says so.
      }
      return std::move(error).Annotate(kRemoteSyncFailed);
    }
    result.synced = true;
  }
  if (before && before->id == target.id) {
    result.already_current = true;
    base::log::Info("build already current", {{"build_id", target.id}});
    return result;
  }
  WPP_RETURN_IF_ERROR(SwapCurrent(options.repository_dir, target, file_system));
  result.changes_recorded = RecordChanges(db, clock, before, target, file_system);
  base::log::Info("build promoted", {{"build_id", target.id},
                                     {"previous", result.previous},
                                     {"changes", result.changes_recorded},
                                     {"synced", result.synced}});
  return result;
}

// What cleanup makes of a build (docs/behaviour.md §8.8): complete; marked
// failed, or without a manifest and older than `stale_before` (unusable); or
// without a manifest but young (it may be running now).
enum class Usability { kComplete, kUnusable, kRunning };
Usability UsabilityOf(const fs::path& dir, int64_t stale_before, io::FileSystem& file_system) {
  if (file_system.Stat(io::kWorkingDir, dir / repository::kFailedMarker, false)) {
    return Usability::kUnusable;
  }
  if (file_system.Stat(io::kWorkingDir, dir / repository::kManifestJson, false)) {
    return Usability::kComplete;
  }
  auto info = file_system.Stat(io::kWorkingDir, dir, true);
  return info && info->mtime_seconds < stale_before ? Usability::kUnusable : Usability::kRunning;
}

}  // namespace

base::Status SwapCurrent(const fs::path& repository_dir, const BuildRef& target,
                         io::FileSystem& file_system) {
  const std::string tmp =
      (repository_dir / (std::string(repository::kCurrentLink) + ".tmp")).string();
  const std::string link = (repository_dir / repository::kCurrentLink).string();
  // A leftover from a crashed promotion. Any error but its absence stops
  // the swap: the link could not be made anyway, or the disk is failing.
  if (base::Status removed = file_system.Unlink(io::kWorkingDir, tmp);
      !removed.ok() && removed.error().code() != ErrorCode::kNotFound) {
    return Error(ErrorCode::kUnavailable, removed.error().message());
  }
  const fs::path relative = fs::path(repository::kBuildsDir) / target.id;
  if (base::Status made = file_system.Symlink(relative, tmp); !made.ok()) {
    return Error(ErrorCode::kUnavailable, made.error().message());
  }
  if (base::Status renamed = file_system.Rename(io::kWorkingDir, tmp, io::kWorkingDir, link);
      !renamed.ok()) {
    (void)file_system.Unlink(io::kWorkingDir, tmp);
    return Error(ErrorCode::kUnavailable, "replacing " + link + ": " + renamed.error().message());
  }
  return FsyncDir(repository_dir, file_system);
}

base::Result<DeployResult> Promote(db::Database& db, base::Clock& clock,
                                   const DeployOptions& options, std::string_view id) {
  if (!id.empty()) {
    WPP_ASSIGN_OR_RETURN(const BuildRef target, ResolveId(options, id));
    return PromoteRef(db, clock, options, target);
  }
  WPP_ASSIGN_OR_RETURN(const std::optional<BuildRef> newest,
                       NewestValid(options, [](const std::string&) { return true; }));
  if (!newest) {
    return Error(ErrorCode::kNotFound, "no builds found");
  }
  return PromoteRef(db, clock, options, *newest, true);
}

base::Result<DeployResult> Rollback(db::Database& db, base::Clock& clock,
                                    const DeployOptions& options, std::string_view id) {
  if (!id.empty()) {
    return Promote(db, clock, options, id);
  }
  WPP_ASSIGN_OR_RETURN(const std::optional<BuildRef> current,
                       repository::CurrentBuild(options.repository_dir, *options.file_system));
  const std::string current_id = current ? current->id : "";
  WPP_ASSIGN_OR_RETURN(const std::optional<BuildRef> previous,
                       NewestValid(options, [&](const std::string& candidate) {
                         return current_id.empty() || candidate < current_id;
                       }));
  if (!previous) {
    return Error(ErrorCode::kFailedPrecondition, "no previous build available for rollback");
  }
  return PromoteRef(db, clock, options, *previous, true);
}

base::Result<CleanupResult> Cleanup(const fs::path& repository_dir, int retain,
                                    io::FileSystem& file_system) {
  CleanupResult result;
  result.retain = std::max(retain, kMinimumRetain);
  if (retain < kMinimumRetain) {
    base::log::Warn("--retain raised to the minimum",
                    {{"requested", retain}, {"retain", kMinimumRetain}});
  }
  const fs::path builds = repository_dir / repository::kBuildsDir;
  WPP_ASSIGN_OR_RETURN(const std::vector<std::string> ids,
                       repository::ListBuilds(builds, file_system));
  auto current = repository::CurrentBuild(repository_dir, file_system);
  const std::string current_id = current && current->has_value() ? (*current)->id : "";
  int kept = 0;
  const int64_t stale_before = static_cast<int64_t>(time(nullptr)) - kBlobGraceAge.count();
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    if (*it == current_id) {
      continue;
    }
    const Usability usability = UsabilityOf(builds / *it, stale_before, file_system);
    if (usability == Usability::kRunning) {
      continue;  // Kept, and holds no retention slot.
    }
    if (usability == Usability::kUnusable) {
      ++result.unusable_removed;
    } else if (kept < result.retain) {
      ++kept;
      continue;
    }
    if (base::Status removed = file_system.RemoveAll(builds / *it); !removed.ok()) {
      base::log::Error("removing old build failed",
                       {{"build_id", *it}, {"error", removed.error().message()}});
      result.failed.push_back(*it);
    } else {
      result.removed.push_back(*it);
    }
  }
  if (result.removed.empty()) {
    base::log::Info("nothing to clean up locally");
  } else {
    base::log::Info("old builds removed", {{"removed", result.removed.size()},
                                           {"failed_or_unfinished", result.unusable_removed},
                                           {"retained", static_cast<size_t>(kept)}});
  }
  // Blobs of the removed builds that no remaining build shares. Young ones
  // are left: a build running now has written blobs but no index yet.
  auto blobs = repository::CollectBlobs(repository_dir, kBlobGraceAge, file_system);
  if (blobs) {
    result.blobs_removed = blobs->removed;
    result.blobs_failed = blobs->failed;
  } else {
    base::log::Error("removing unreferenced blobs failed", {{"error", blobs.error().message()}});
  }
  return result;
}

}  // namespace wpp::deploy
