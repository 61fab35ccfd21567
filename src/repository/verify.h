// Content checks of builds: every blob is re-hashed and compared with its
// name (docs/behaviour.md §7.6, docs/behaviour.md §8.7). What `wppackages
// verify` and deploy's check of the blobs a promotion adds call.
//
//   WPP_ASSIGN_OR_RETURN(auto report, VerifyBuilds({repository_dir / "builds" / id}));
//   for (const BadFile& bad : report.bad) print(bad.key, bad.path, bad.problem);

#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "io/file_system.h"
#include "repository/build_index.h"

namespace wpp::repository {

// One file that does not hold what the build says it holds.
struct BadFile {
  std::string build_id{};  // The build that names it.
  std::string key{};       // "p2/wp-plugin/akismet.json", "packages.json", "index.tsv".
  std::string path{};      // The file on disk.
  std::string problem{};   // "missing", "content does not match its name", ...
};

struct VerifyReport {
  int64_t builds = 0;  // Builds checked.
  int64_t blobs = 0;   // Distinct blobs re-hashed.
  int64_t bytes = 0;   // Bytes read from them.
  std::vector<BadFile> bad{};
};

// Whether the blob `hash` in `blobs_dir` holds bytes whose hash is its name.
// Returns the problem ("missing", "unreadable: …", "content does not match
// its name"), empty when the blob is good. Adds the bytes read to `bytes`.
std::string CheckBlobContent(const std::filesystem::path& blobs_dir, const Hash128& hash,
                             io::FileSystem& file_system, int64_t* bytes = nullptr);

// Re-hashes everything the builds in `build_dirs` name: packages.json
// against manifest.json's root_hash, and every blob of each index (a blob
// shared by several builds is read once; each build naming a bad one gets
// its own entry). Errors: none for bad content (listed in the report);
// kNotFound when a directory is not a build.
base::Result<VerifyReport> VerifyBuilds(const std::vector<std::filesystem::path>& build_dirs,
                                        io::FileSystem& file_system = io::FileSystem::Default());

// Deploy's content check (docs/behaviour.md §8.7): re-hashes the blobs the
// build in `target_dir` names that `trusted` (the current build's index,
// whose blobs were checked when it was promoted) does not. Errors:
// kFailedPrecondition "invalid build <id>: …" naming the first bad file,
// with how to find the others and repair them; kDataLoss when the index
// cannot be read.
base::Status VerifyAddedBlobs(const std::filesystem::path& target_dir, const BuildIndex* trusted,
                              io::FileSystem& file_system = io::FileSystem::Default(),
                              int64_t* checked = nullptr);

}  // namespace wpp::repository
