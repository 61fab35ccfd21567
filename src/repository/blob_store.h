// Content-addressed storage of p2 documents (docs/decisions.md §7, §22: a build
// costs what changed, not what exists).
//
//   <repository_dir>/blobs/<first hex digit>/<32 hex digits>.json
//
// Every p2 document is stored once, named by the XXH3-128 hash of its bytes
// (the file hashes index.tsv lists). A build directory holds its root files
// and index.tsv, which maps each Composer name to the blobs of its files
// (build_files.h reads a build that way). A package whose files did not
// change costs a new build one index line and no file system work at all.
//
// Blobs are immutable once a build that names them is complete (its
// manifest is written after the file system is flushed). Blobs that no
// build references any more are deleted by CollectBlobs (deploy's cleanup).

#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "io/file_system.h"
#include "repository/build_index.h"

namespace wpp::repository {

inline constexpr std::string_view kBlobsDir = "blobs";

// Sixteen shard directories: enough that two writers rarely wait on the
// same directory's lock, few enough that ext4 keeps new inodes close
// together (with 256, a full build spent 40% longer in the kernel).
inline constexpr int kBlobShards = 16;

// A blob's shard (0-15: its first hex digit), the shard's directory name
// ("3") and the blob's file name ("3f….json").
int BlobShardOf(const Hash128& hash);
std::string BlobShardName(int shard);
std::string BlobFileName(const Hash128& hash);

// <blobs_dir>/<h>/<hash>.json
std::filesystem::path BlobPath(const std::filesystem::path& blobs_dir, const Hash128& hash);

// The repository directory a build directory belongs to: <repo>/builds/<id> → <repo>.
std::filesystem::path RepositoryOfBuild(const std::filesystem::path& build_dir);

// Writes blobs. Put and Has are thread-safe.
class BlobStore {
 public:
  // Creates `blobs_dir` (and parents) and its shard directories when missing and opens
  // them; every file operation goes through `file_system`, which must outlive the
  // store. Errors: kUnavailable.
  static base::Result<std::unique_ptr<BlobStore>> Open(
      const std::filesystem::path& blobs_dir,
      io::FileSystem& file_system = io::FileSystem::Default());
  ~BlobStore();
  BlobStore(const BlobStore&) = delete;
  BlobStore& operator=(const BlobStore&) = delete;

  // Stores `bytes` as the blob `hash` (the caller computed it). A file of
  // that name is replaced whole (temporary name, rename): one left by a
  // build that crashed may be torn, so only blobs a complete build names are
  // trusted without writing. Not flushed: the build syncs the file system
  // once before it writes its manifest. Errors: kUnavailable.
  base::Status Put(const Hash128& hash, std::string_view bytes);

  // Whether the blob exists.
  bool Has(const Hash128& hash) const;

  // Whether the blob exists and its bytes hash to its name (one read and
  // one XXH3 pass; docs/behaviour.md §7.6).
  bool Matches(const Hash128& hash) const;

  // The blob's bytes when it exists and they hash to its name; nullopt
  // otherwise.
  std::optional<std::string> ReadChecked(const Hash128& hash) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  BlobStore(std::filesystem::path dir, const std::array<int, kBlobShards>& shards,
            io::FileSystem& file_system);
  int ShardFd(const Hash128& hash) const;

  const std::filesystem::path dir_;
  const std::array<int, kBlobShards> shards_;
  io::FileSystem& file_system_;
  std::atomic<uint64_t> next_temp_{0};
};

// Every blob in `blobs_dir` (one directory listing per shard, no stat).
// Errors: kUnavailable.
base::Result<BlobSet> ListBlobs(const std::filesystem::path& blobs_dir,
                                io::FileSystem& file_system = io::FileSystem::Default());

struct BlobCollection {
  int64_t referenced = 0;  // Distinct blobs the remaining builds name.
  int64_t removed = 0;     // Blobs and stale temporary files deleted.
  int64_t kept_young = 0;  // Unreferenced but younger than min_age (a build may be writing them).
  int64_t failed = 0;      // Unreferenced files that could not be deleted.
};

// Deletes the blobs no build under <repository_dir>/builds references, and
// temporary files left by crashed writers, once they are older than
// `min_age` (a build that is still running has not written its index yet).
// A file that cannot be deleted is counted in `failed` and logged.
// Errors: kUnavailable when builds/ or blobs/ cannot be read, kDataLoss when
// an index cannot be parsed; then nothing is deleted, since an unreadable
// index might name any blob.
base::Result<BlobCollection> CollectBlobs(const std::filesystem::path& repository_dir,
                                          std::chrono::seconds min_age,
                                          io::FileSystem& file_system = io::FileSystem::Default());

}  // namespace wpp::repository
