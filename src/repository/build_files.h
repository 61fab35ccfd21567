// The published files of one build, as a static Composer repository holds
// them: "p2/wp-plugin/akismet.json" → the blob with its bytes (blob_store.h).
// What serve, the object-store sync, deploy's validation and `export` read
// a build through.
//
//   WPP_ASSIGN_OR_RETURN(auto files, BuildFiles::Open(repository_dir / "builds" / id));
//   if (auto hash = files.Find("p2/wp-plugin/akismet.json")) read(files.PathOf(*hash));

#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "repository/build_index.h"

namespace wpp::repository {

// "p2/<name>.json" or "p2/<name>~dev.json".
std::string P2Key(std::string_view name, bool dev);

struct P2File {
  std::string name{};  // Composer name, "wp-plugin/akismet".
  bool dev = false;    // The ~dev file.
};
// The inverse of P2Key; nullopt for anything else.
std::optional<P2File> ParseP2Key(std::string_view key);

// Checks that every blob `lines` names exists in `blobs_dir`. Errors:
// kFailedPrecondition naming the first missing file and the count.
base::Status CheckBlobs(const std::filesystem::path& blobs_dir, const std::vector<IndexLine>& lines,
                        io::FileSystem& file_system = io::FileSystem::Default());

class BuildFiles {
 public:
  struct File {
    std::string key{};  // "p2/wp-plugin/akismet.json"
    Hash128 hash{};
  };

  // Reads <build_dir>/index.tsv; the blobs are those of the build's
  // repository (<build_dir>/../../blobs). Errors: kNotFound when the build
  // has no index, kDataLoss when it is malformed, kUnavailable.
  // `file_system` must outlive the BuildFiles.
  static base::Result<BuildFiles> Open(const std::filesystem::path& build_dir,
                                       io::FileSystem& file_system = io::FileSystem::Default());

  // The blob published under `key`; nullopt when the build has no such file.
  std::optional<Hash128> Find(std::string_view key) const;
  std::filesystem::path PathOf(const Hash128& hash) const;
  // The same path as a string, made without std::filesystem (serve's p2
  // path asks for one per request).
  std::string PathStringOf(const Hash128& hash) const;

  // Every published file, sorted by key.
  std::vector<File> List() const;

  // Checks that every blob the index names exists (as CheckBlobs above).
  base::Status CheckBlobs() const;

  const BuildIndex& index() const { return index_; }
  const std::filesystem::path& blobs_dir() const { return blobs_dir_; }

 private:
  BuildFiles(BuildIndex index, std::filesystem::path blobs_dir, io::FileSystem& file_system)
      : index_(std::move(index)),
        blobs_dir_(std::move(blobs_dir)),
        blobs_prefix_(blobs_dir_.string() + "/"),
        file_system_(&file_system) {}

  BuildIndex index_;
  std::filesystem::path blobs_dir_;
  std::string blobs_prefix_;  // blobs_dir_ and a slash.
  io::FileSystem* file_system_;
};

}  // namespace wpp::repository
