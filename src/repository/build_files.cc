#include "repository/build_files.h"

#include <algorithm>

#include "base/strings.h"
#include "repository/blob_store.h"
#include "repository/build_dir.h"

namespace wpp::repository {

namespace fs = std::filesystem;

namespace {

// `lines`: (Composer name, IndexEntry) pairs.
template <typename Lines>
base::Status CheckBlobsOf(const fs::path& blobs_dir, const Lines& lines,
                          io::FileSystem& file_system) {
  WPP_ASSIGN_OR_RETURN(const BlobSet present, ListBlobs(blobs_dir, file_system));
  int64_t missing = 0;
  std::string first;
  for (const auto& [name, entry] : lines) {
    for (const bool dev : {false, true}) {
      const std::optional<Hash128>& hash = dev ? entry.dev : entry.main;
      if (hash && !present.contains(*hash) && missing++ == 0) {
        first = P2Key(name, dev);
      }
    }
  }
  if (missing > 0) {
    return base::Error(base::ErrorCode::kFailedPrecondition,
                       std::to_string(missing) + " p2 files have no blob in " + blobs_dir.string() +
                           " (first: " + first + ")");
  }
  return base::Status::Ok();
}

}  // namespace

std::string P2Key(std::string_view name, bool dev) {
  std::string key = "p2/";
  key.append(name).append(dev ? "~dev.json" : ".json");
  return key;
}

std::optional<P2File> ParseP2Key(std::string_view key) {
  if (!base::StartsWith(key, "p2/") || !base::EndsWith(key, ".json")) {
    return std::nullopt;
  }
  std::string_view name = key.substr(3, key.size() - 3 - 5);
  P2File file;
  file.dev = base::EndsWith(name, "~dev");
  if (file.dev) {
    name.remove_suffix(4);
  }
  if (name.empty()) {
    return std::nullopt;
  }
  file.name = std::string(name);
  return file;
}

base::Result<BuildFiles> BuildFiles::Open(const fs::path& build_dir, io::FileSystem& file_system) {
  WPP_ASSIGN_OR_RETURN(BuildIndex index, ReadIndex(build_dir / kIndexFile, file_system));
  return BuildFiles(std::move(index), RepositoryOfBuild(build_dir) / kBlobsDir, file_system);
}

std::optional<Hash128> BuildFiles::Find(std::string_view key) const {
  const std::optional<P2File> file = ParseP2Key(key);
  if (!file) {
    return std::nullopt;
  }
  const auto it = index_.find(file->name);
  if (it == index_.end()) {
    return std::nullopt;
  }
  return file->dev ? it->second.dev : it->second.main;
}

fs::path BuildFiles::PathOf(const Hash128& hash) const {
  return BlobPath(blobs_dir_, hash);
}

std::string BuildFiles::PathStringOf(const Hash128& hash) const {
  std::string path;
  path.reserve(blobs_prefix_.size() + 40);
  path.append(blobs_prefix_)
      .append(BlobShardName(BlobShardOf(hash)))
      .append("/")
      .append(BlobFileName(hash));
  return path;
}

std::vector<BuildFiles::File> BuildFiles::List() const {
  std::vector<File> files;
  files.reserve(index_.size() * 2);
  for (const auto& [name, entry] : index_) {
    if (entry.main) {
      files.push_back({P2Key(name, false), *entry.main});
    }
    if (entry.dev) {
      files.push_back({P2Key(name, true), *entry.dev});
    }
  }
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.key < b.key; });
  return files;
}

base::Status BuildFiles::CheckBlobs() const {
  return CheckBlobsOf(blobs_dir_, index_, *file_system_);
}

base::Status CheckBlobs(const fs::path& blobs_dir, const std::vector<IndexLine>& lines,
                        io::FileSystem& file_system) {
  return CheckBlobsOf(blobs_dir, lines, file_system);
}

}  // namespace wpp::repository
