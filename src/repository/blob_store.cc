#include "repository/blob_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <string>

#include <sys/stat.h>

#include "base/log.h"
#include "base/strings.h"
#include "repository/build_dir.h"
#include "repository/internal/file_ops.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kTempSuffix = ".tmp";

// Calls `visit(dir_fd, name, hash)` for every entry of every shard
// directory; `hash` is null for names that are not blobs. Errors:
// kUnavailable when a shard cannot be listed (a missing one is empty).
template <typename Visit>
base::Status WalkShards(const fs::path& blobs_dir, Visit visit) {
  for (int shard = 0; shard < kBlobShards; ++shard) {
    const fs::path path = blobs_dir / BlobShardName(shard);
    DIR* dir = opendir(path.c_str());
    if (dir == nullptr) {
      if (errno == ENOENT) {
        continue;
      }
      return Error(ErrorCode::kUnavailable,
                   "listing " + path.string() + ": " + internal::ErrnoMessage(errno));
    }
    // readdir is safe on a stream no other thread uses.
    while (const dirent* entry = readdir(dir)) {  // NOLINT(concurrency-mt-unsafe)
      const std::string_view name = entry->d_name;
      const auto hash = name.size() == 37 && base::EndsWith(name, ".json")
                            ? Hash128::FromHex(name.substr(0, 32))
                            : std::nullopt;
      visit(dirfd(dir), entry->d_name, hash ? &*hash : nullptr);
    }
    closedir(dir);
  }
  return base::Status::Ok();
}

// Every blob the builds under `builds_dir` name. Builds without an index
// (unfinished, or failed early) name none.
base::Result<BlobSet> ReferencedBlobs(const fs::path& builds_dir) {
  WPP_ASSIGN_OR_RETURN(const std::vector<std::string> ids, ListBuilds(builds_dir));
  BlobSet referenced;
  for (const std::string& id : ids) {
    auto index = ReadIndex(builds_dir / id / kIndexFile);
    if (!index && index.error().code() == ErrorCode::kNotFound) {
      continue;
    }
    if (!index) {
      return std::move(index).error();
    }
    for (const auto& [name, entry] : *index) {
      for (const std::optional<Hash128>& file : {entry.main, entry.dev}) {
        if (file) {
          referenced.insert(*file);
        }
      }
    }
  }
  return referenced;
}

}  // namespace

int BlobShardOf(const Hash128& hash) {
  return static_cast<int>(hash.high >> 60);  // The first hex digit.
}

std::string BlobShardName(int shard) {
  return {kHex[shard & 0xF]};
}

std::string BlobFileName(const Hash128& hash) {
  return hash.Hex() + ".json";
}

fs::path BlobPath(const fs::path& blobs_dir, const Hash128& hash) {
  return blobs_dir / BlobShardName(BlobShardOf(hash)) / BlobFileName(hash);
}

fs::path RepositoryOfBuild(const fs::path& build_dir) {
  return build_dir.parent_path().parent_path();
}

base::Result<std::unique_ptr<BlobStore>> BlobStore::Open(const fs::path& blobs_dir) {
  std::error_code ec;
  fs::create_directories(blobs_dir, ec);
  if (ec) {
    return Error(ErrorCode::kUnavailable, "creating " + blobs_dir.string() + ": " + ec.message());
  }
  std::array<int, kBlobShards> shards{};
  shards.fill(-1);
  for (int i = 0; i < kBlobShards; ++i) {
    auto fd = internal::MakeAndOpenDir((blobs_dir / BlobShardName(i)).string());
    if (!fd) {
      for (int open : shards) {
        internal::CloseFd(open);
      }
      return std::move(fd).error();
    }
    shards[static_cast<size_t>(i)] = *fd;
  }
  return std::unique_ptr<BlobStore>(new BlobStore(blobs_dir, shards));
}

BlobStore::BlobStore(fs::path dir, const std::array<int, kBlobShards>& shards)
    : dir_(std::move(dir)), shards_(shards) {}

BlobStore::~BlobStore() {
  for (int fd : shards_) {
    internal::CloseFd(fd);
  }
}

int BlobStore::ShardFd(const Hash128& hash) const {
  return shards_[static_cast<size_t>(BlobShardOf(hash))];
}

base::Status BlobStore::Put(const Hash128& hash, std::string_view bytes) {
  const int dir = ShardFd(hash);
  const std::string name = BlobFileName(hash);
  // The common case: a new blob, created under its own name in one step. No
  // reader looks at it before an index naming it is complete, and a write
  // cut short leaves a file that is never trusted (see below).
  base::Status created = internal::WriteNewFile(dir, name, bytes);
  if (created.ok()) {
    return created;
  }
  if (created.error().code() != ErrorCode::kAlreadyExists) {
    internal::RemoveFile(dir, name);  // Ours, and cut short.
    return std::move(created).error().Annotate("blob " + name);
  }
  // The name exists but no promoted build vouches for it (the caller only
  // stores blobs the base build does not name): it may be torn by a crash.
  // Replace it whole, through a temporary name and a rename.
  const std::string temp = name + "." + std::to_string(getpid()) + "." +
                           std::to_string(next_temp_.fetch_add(1)) + std::string(kTempSuffix);
  if (base::Status written = internal::WriteNewFile(dir, temp, bytes); !written.ok()) {
    internal::RemoveFile(dir, temp);
    return std::move(written).error().Annotate("blob " + name);
  }
  if (renameat(dir, temp.c_str(), dir, name.c_str()) != 0) {
    const int err = errno;
    internal::RemoveFile(dir, temp);
    return Error(ErrorCode::kUnavailable,
                 "storing blob " + name + ": " + internal::ErrnoMessage(err));
  }
  return base::Status::Ok();
}

bool BlobStore::Has(const Hash128& hash) const {
  struct stat st {};
  return fstatat(ShardFd(hash), BlobFileName(hash).c_str(), &st, 0) == 0 && S_ISREG(st.st_mode);
}

base::Result<BlobSet> ListBlobs(const fs::path& blobs_dir) {
  BlobSet blobs;
  WPP_RETURN_IF_ERROR(WalkShards(blobs_dir, [&](int, const char*, const Hash128* hash) {
    if (hash != nullptr) {
      blobs.insert(*hash);
    }
  }));
  return blobs;
}

base::Result<BlobCollection> CollectBlobs(const fs::path& repository_dir,
                                          std::chrono::seconds min_age) {
  BlobCollection result;
  const fs::path blobs_dir = repository_dir / kBlobsDir;
  std::error_code ec;
  if (!fs::is_directory(blobs_dir, ec)) {
    return result;
  }
  WPP_ASSIGN_OR_RETURN(const BlobSet referenced,
                       ReferencedBlobs(repository_dir / std::string(kBuildsDir)));
  result.referenced = static_cast<int64_t>(referenced.size());
  const time_t cutoff = time(nullptr) - static_cast<time_t>(min_age.count());
  WPP_RETURN_IF_ERROR(WalkShards(blobs_dir, [&](int dir, const char* name, const Hash128* hash) {
    const bool ours = hash != nullptr || base::EndsWith(name, kTempSuffix);
    if (!ours || (hash != nullptr && referenced.contains(*hash))) {
      return;  // Referenced, or not ours to judge.
    }
    struct stat st {};
    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
      return;
    }
    if (st.st_mtime > cutoff) {
      ++result.kept_young;
    } else if (unlinkat(dir, name, 0) == 0) {
      ++result.removed;
    }
  }));
  base::log::Info("unreferenced blobs removed", {{"removed", result.removed},
                                                 {"referenced", result.referenced},
                                                 {"kept_young", result.kept_young}});
  return result;
}

}  // namespace wpp::repository
