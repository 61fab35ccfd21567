#include "repository/blob_store.h"

#include <unistd.h>

#include <ctime>
#include <string>

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

// Calls `visit(shard_dir, name, hash)` for every entry of every shard
// directory; `hash` is null for names that are not blobs. Errors:
// kUnavailable when a shard cannot be listed (a missing one is empty).
template <typename Visit>
base::Status WalkShards(const fs::path& blobs_dir, io::FileSystem& file_system, Visit visit) {
  for (int shard = 0; shard < kBlobShards; ++shard) {
    const fs::path path = blobs_dir / BlobShardName(shard);
    base::Status listed = file_system.ListDir(path, [&](std::string_view name, io::FileType) {
      const auto hash = name.size() == 37 && base::EndsWith(name, ".json")
                            ? Hash128::FromHex(name.substr(0, 32))
                            : std::nullopt;
      visit(path, name, hash ? &*hash : nullptr);
    });
    if (!listed.ok() && listed.error().code() != ErrorCode::kNotFound) {
      return Error(ErrorCode::kUnavailable, listed.error().message());
    }
  }
  return base::Status::Ok();
}

// Every blob the builds under `builds_dir` name. Builds without an index
// (unfinished, or failed early) name none.
base::Result<BlobSet> ReferencedBlobs(const fs::path& builds_dir, io::FileSystem& file_system) {
  WPP_ASSIGN_OR_RETURN(const std::vector<std::string> ids, ListBuilds(builds_dir, file_system));
  BlobSet referenced;
  for (const std::string& id : ids) {
    auto index = ReadIndex(builds_dir / id / kIndexFile, file_system);
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

base::Result<std::unique_ptr<BlobStore>> BlobStore::Open(const fs::path& blobs_dir,
                                                         io::FileSystem& file_system) {
  if (base::Status made = file_system.MakeDirs(blobs_dir); !made.ok()) {
    return Error(ErrorCode::kUnavailable, made.error().message());
  }
  std::array<int, kBlobShards> shards{};
  shards.fill(-1);
  for (int i = 0; i < kBlobShards; ++i) {
    auto fd = internal::MakeAndOpenDir(file_system, (blobs_dir / BlobShardName(i)).string());
    if (!fd) {
      for (int open : shards) {
        if (open >= 0) {
          (void)file_system.Close(open, blobs_dir.string());
        }
      }
      return Error(ErrorCode::kUnavailable, fd.error().message());
    }
    shards[static_cast<size_t>(i)] = *fd;
  }
  return std::unique_ptr<BlobStore>(new BlobStore(blobs_dir, shards, file_system));
}

BlobStore::BlobStore(fs::path dir, const std::array<int, kBlobShards>& shards,
                     io::FileSystem& file_system)
    : dir_(std::move(dir)), shards_(shards), file_system_(file_system) {}

BlobStore::~BlobStore() {
  for (int fd : shards_) {
    (void)file_system_.Close(fd, dir_.string());
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
  base::Status created =
      internal::WriteFile(file_system_, dir, name, bytes, io::CreateMode::kExclusive, false);
  if (created.ok()) {
    return created;
  }
  if (created.error().code() != ErrorCode::kAlreadyExists) {
    return Error(ErrorCode::kUnavailable, created.error().message()).Annotate("blob " + name);
  }
  // The name exists but no promoted build vouches for it (the caller only
  // stores blobs the base build does not name): it may be torn by a crash.
  // Replace it whole, through a temporary name and a rename.
  const std::string temp = name + "." + std::to_string(getpid()) + "." +
                           std::to_string(next_temp_.fetch_add(1)) + std::string(kTempSuffix);
  if (base::Status written =
          internal::WriteFile(file_system_, dir, temp, bytes, io::CreateMode::kExclusive, false);
      !written.ok()) {
    return Error(ErrorCode::kUnavailable, written.error().message()).Annotate("blob " + name);
  }
  if (base::Status renamed = file_system_.Rename(dir, temp, dir, name); !renamed.ok()) {
    (void)file_system_.Unlink(dir, temp);
    return Error(ErrorCode::kUnavailable,
                 "storing blob " + name + ": " + renamed.error().message());
  }
  return base::Status::Ok();
}

bool BlobStore::Has(const Hash128& hash) const {
  auto info = file_system_.Stat(ShardFd(hash), BlobFileName(hash), true);
  return info && info->type == io::FileType::kRegular;
}

bool BlobStore::Matches(const Hash128& hash) const {
  return ReadChecked(hash).has_value();
}

std::optional<std::string> BlobStore::ReadChecked(const Hash128& hash) const {
  auto bytes = file_system_.ReadFile(ShardFd(hash), BlobFileName(hash));
  if (!bytes || Hash128::Of(*bytes) != hash) {
    return std::nullopt;
  }
  return std::move(bytes).value();
}

base::Result<BlobSet> ListBlobs(const fs::path& blobs_dir, io::FileSystem& file_system) {
  BlobSet blobs;
  WPP_RETURN_IF_ERROR(WalkShards(blobs_dir, file_system,
                                 [&](const fs::path&, std::string_view, const Hash128* hash) {
                                   if (hash != nullptr) {
                                     blobs.insert(*hash);
                                   }
                                 }));
  return blobs;
}

base::Result<BlobCollection> CollectBlobs(const fs::path& repository_dir,
                                          std::chrono::seconds min_age,
                                          io::FileSystem& file_system) {
  BlobCollection result;
  const fs::path blobs_dir = repository_dir / kBlobsDir;
  if (!IsDirectory(blobs_dir, file_system)) {
    return result;
  }
  WPP_ASSIGN_OR_RETURN(const BlobSet referenced,
                       ReferencedBlobs(repository_dir / std::string(kBuildsDir), file_system));
  result.referenced = static_cast<int64_t>(referenced.size());
  const time_t cutoff = time(nullptr) - static_cast<time_t>(min_age.count());
  std::string first_failure;
  WPP_RETURN_IF_ERROR(WalkShards(
      blobs_dir, file_system,
      [&](const fs::path& shard, std::string_view name, const Hash128* hash) {
        const bool ours = hash != nullptr || base::EndsWith(name, kTempSuffix);
        if (!ours || (hash != nullptr && referenced.contains(*hash))) {
          return;  // Referenced, or not ours to judge.
        }
        const std::string path = (shard / name).string();
        auto info = file_system.Stat(io::kWorkingDir, path, false);
        if (!info || info->type != io::FileType::kRegular) {
          return;
        }
        if (info->mtime_seconds > static_cast<int64_t>(cutoff)) {
          ++result.kept_young;
        } else if (base::Status removed = file_system.Unlink(io::kWorkingDir, path); removed.ok()) {
          ++result.removed;
        } else if (result.failed++ == 0) {
          first_failure = removed.error().message();
        }
      }));
  if (result.failed > 0) {
    base::log::Error("removing unreferenced blobs failed",
                     {{"failed", result.failed}, {"first", first_failure}});
  }
  base::log::Info("unreferenced blobs removed", {{"removed", result.removed},
                                                 {"referenced", result.referenced},
                                                 {"kept_young", result.kept_young}});
  return result;
}

}  // namespace wpp::repository
