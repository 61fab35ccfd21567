#include "repository/verify.h"

#include <unordered_map>

#include "base/hash.h"
#include "base/log.h"
#include "repository/blob_store.h"
#include "repository/build_dir.h"
#include "repository/build_files.h"
#include "repository/internal/json_read.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

constexpr std::string_view kMismatch = "content does not match its name";

// Every (key, blob) the index names.
template <typename Visit>
void ForEachFile(const BuildIndex& index, Visit visit) {
  for (const auto& [name, entry] : index) {
    if (entry.main) {
      visit(P2Key(name, false), *entry.main);
    }
    if (entry.dev && entry.dev != entry.main) {
      visit(P2Key(name, true), *entry.dev);
    }
  }
}

// The root files of one build: packages.json must hash to the manifest's root_hash.
void CheckRootFiles(const fs::path& dir, const std::string& id, io::FileSystem& file_system,
                    VerifyReport* report) {
  const auto bad = [&](std::string_view key, std::string problem) {
    report->bad.push_back({id, std::string(key), (dir / key).string(), std::move(problem)});
  };
  auto manifest = ReadFile(dir / kManifestJson, file_system);
  if (!manifest || !internal::IsJsonObject(*manifest)) {
    bad(kManifestJson, manifest ? "not a JSON object" : "missing or unreadable");
    return;
  }
  auto packages = ReadFile(dir / kPackagesJson, file_system);
  if (!packages) {
    bad(kPackagesJson, "missing or unreadable");
    return;
  }
  const std::optional<std::string> root_hash = internal::StringMember(*manifest, "root_hash");
  if (!root_hash || base::Sha256Hex(*packages) != *root_hash) {
    bad(kPackagesJson, "SHA-256 does not match manifest.json's root_hash");
  }
}

}  // namespace

std::string CheckBlobContent(const fs::path& blobs_dir, const Hash128& hash,
                             io::FileSystem& file_system, int64_t* bytes) {
  auto read = file_system.ReadFile(io::kWorkingDir, BlobPath(blobs_dir, hash).string());
  if (!read) {
    return read.error().code() == ErrorCode::kNotFound ? "missing"
                                                       : "unreadable: " + read.error().message();
  }
  if (bytes != nullptr) {
    *bytes += static_cast<int64_t>(read->size());
  }
  return Hash128::Of(*read) == hash ? "" : std::string(kMismatch);
}

base::Result<VerifyReport> VerifyBuilds(const std::vector<fs::path>& build_dirs,
                                        io::FileSystem& file_system) {
  VerifyReport report;
  // Blob → its problem ("" when good): each blob is read once.
  std::unordered_map<Hash128, std::string, Hash128Hasher> checked;
  for (const fs::path& dir : build_dirs) {
    const std::string id = dir.filename().string();
    if (!IsDirectory(dir, file_system)) {
      return Error(ErrorCode::kNotFound,
                   "build " + id + " not found in " + dir.parent_path().string());
    }
    ++report.builds;
    CheckRootFiles(dir, id, file_system, &report);
    auto files = BuildFiles::Open(dir, file_system);
    if (!files) {
      report.bad.push_back(
          {id, std::string(kIndexFile), (dir / kIndexFile).string(), files.error().message()});
      continue;
    }
    for (const BuildFiles::File& file : files->List()) {  // Sorted by key.
      auto [it, inserted] = checked.try_emplace(file.hash);
      if (inserted) {
        ++report.blobs;
        it->second = CheckBlobContent(files->blobs_dir(), file.hash, file_system, &report.bytes);
      }
      if (!it->second.empty()) {
        report.bad.push_back({id, file.key, files->PathOf(file.hash).string(), it->second});
      }
    }
  }
  return report;
}

base::Status VerifyAddedBlobs(const fs::path& target_dir, const BuildIndex* trusted,
                              io::FileSystem& file_system, int64_t* checked) {
  WPP_ASSIGN_OR_RETURN(const BuildFiles files, BuildFiles::Open(target_dir, file_system));
  BlobSet skip;
  if (trusted != nullptr) {
    ForEachFile(*trusted, [&](const std::string&, const Hash128& hash) { skip.insert(hash); });
  }
  int64_t bad = 0;
  std::string first;
  ForEachFile(files.index(), [&](const std::string& key, const Hash128& hash) {
    if (!skip.insert(hash).second) {
      return;  // Trusted, or already checked.
    }
    if (checked != nullptr) {
      ++*checked;
    }
    if (std::string problem = CheckBlobContent(files.blobs_dir(), hash, file_system);
        !problem.empty() && bad++ == 0) {
      first = key + " (" + files.PathOf(hash).string() + "): " + problem;
    }
  });
  if (bad == 0) {
    return base::Status::Ok();
  }
  const std::string id = target_dir.filename().string();
  return Error(ErrorCode::kFailedPrecondition,
               "invalid build " + id + ": " + std::to_string(bad) +
                   " p2 files fail their content check (first: " + first +
                   "); `wppackages verify --build " + id +
                   "` lists them, `wppackages build --force` writes them again");
}

}  // namespace wpp::repository
