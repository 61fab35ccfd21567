// The on-disk layout of the static repository and the checks that decide
// whether a build directory may be served.
//
//   <repository_dir>/builds/<id>/packages.json   the root descriptor
//                               /manifest.json   written last: the build is complete
//                               /index.tsv       its p2 files: name -> blob hashes (build_index.h)
//                               /changes.json    what changed against the base build
//                               /.failed         present when the build failed
//   <repository_dir>/blobs/<h>/<hash>.json      p2 documents, shared by builds (blob_store.h)
//   <repository_dir>/current -> builds/<id>      the promoted build (relative link)
//
// A build's p2/wp-plugin/<slug>.json, <slug>~dev.json and
// p2/wp-theme/<slug>.json are the blobs its index names (build_files.h);
// `wppackages export` writes them out as a plain static tree.
//
// Build ids are UTC start times, `YYYYMMDD-HHMMSS`, so they sort by time.

#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "io/file_system.h"

namespace wpp::repository {

inline constexpr std::string_view kPackagesJson = "packages.json";
inline constexpr std::string_view kManifestJson = "manifest.json";
inline constexpr std::string_view kIndexFile = "index.tsv";
inline constexpr std::string_view kChangesFile = "changes.json";
// The blob shard directories' modification times when the build completed
// (docs/behaviour.md §7.8).
inline constexpr std::string_view kShardStampFile = "blob_shards.txt";
inline constexpr std::string_view kFailedMarker = ".failed";
inline constexpr std::string_view kCurrentLink = "current";
inline constexpr std::string_view kBuildsDir = "builds";

// True for `YYYYMMDD-HHMMSS` (digits only). Anything else is refused as a
// build id, so an id can never escape the builds directory.
bool IsBuildId(std::string_view id);

// Ids of the build directories in `builds_dir`, ascending (oldest first).
// Entries that are not build ids are ignored; a missing directory is an
// empty list. Errors: kUnavailable when the directory cannot be read.
base::Result<std::vector<std::string>> ListBuilds(
    const std::filesystem::path& builds_dir,
    io::FileSystem& file_system = io::FileSystem::Default());

// The build `current` points at: its id and resolved directory. nullopt when
// there is no `current` link. Errors: kDataLoss when the link exists but
// does not name a build directory.
struct BuildRef {
  std::string id{};
  std::filesystem::path dir{};
};
base::Result<std::optional<BuildRef>> CurrentBuild(
    const std::filesystem::path& repository_dir,
    io::FileSystem& file_system = io::FileSystem::Default());

// Whether `dir` is a build that may be promoted: not marked failed,
// packages.json and manifest.json exist and parse as JSON objects, the index
// lists at least manifest.packages_total packages and every blob it names
// exists. Errors:
// kFailedPrecondition naming the first problem ("invalid build <id>: …").
base::Status ValidateBuild(const std::filesystem::path& dir,
                           io::FileSystem& file_system = io::FileSystem::Default());

// Marks `dir` as failed (writes .failed holding `reason`). Best effort: a
// build that cannot be marked still has no manifest, so it stays
// unpromotable.
void MarkFailed(const std::filesystem::path& dir, std::string_view reason,
                io::FileSystem& file_system = io::FileSystem::Default());

// Reads a whole file. Errors: kNotFound, kUnavailable.
base::Result<std::string> ReadFile(const std::filesystem::path& path,
                                   io::FileSystem& file_system = io::FileSystem::Default());

// Writes `bytes` to `path` through a temporary file and a rename, so readers
// never see a partial file; fsyncs the file when `durable`. Errors:
// kUnavailable.
base::Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes,
                             bool durable, io::FileSystem& file_system = io::FileSystem::Default());

// Whether `path` is a directory (symbolic links followed).
bool IsDirectory(const std::filesystem::path& path,
                 io::FileSystem& file_system = io::FileSystem::Default());

}  // namespace wpp::repository
