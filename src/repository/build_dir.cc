#include "repository/build_dir.h"

#include <algorithm>

#include "repository/build_files.h"
#include "repository/internal/file_ops.h"
#include "repository/internal/json_read.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

Error Invalid(const fs::path& dir, const std::string& problem) {
  return Error(ErrorCode::kFailedPrecondition,
               "invalid build " + dir.filename().string() + ": " + problem);
}

}  // namespace

bool IsBuildId(std::string_view id) {
  if (id.size() != 15 || id[8] != '-') {
    return false;
  }
  for (size_t i = 0; i < id.size(); ++i) {
    if (i != 8 && (id[i] < '0' || id[i] > '9')) {
      return false;
    }
  }
  return true;
}

base::Result<std::vector<std::string>> ListBuilds(const fs::path& builds_dir,
                                                  io::FileSystem& file_system) {
  std::vector<std::string> ids;
  base::Status listed = file_system.ListDir(builds_dir, [&](std::string_view name,
                                                            io::FileType type) {
    if (IsBuildId(name) && (type == io::FileType::kDirectory ||
                            ((type == io::FileType::kUnknown || type == io::FileType::kSymlink) &&
                             IsDirectory(builds_dir / name, file_system)))) {
      ids.emplace_back(name);
    }
  });
  if (!listed.ok() && listed.error().code() == ErrorCode::kNotFound) {
    return ids;
  }
  if (!listed.ok()) {
    return Error(ErrorCode::kUnavailable,
                 "listing builds in " + builds_dir.string() + ": " + listed.error().message());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

base::Result<std::optional<BuildRef>> CurrentBuild(const fs::path& repository_dir,
                                                   io::FileSystem& file_system) {
  const fs::path link = repository_dir / kCurrentLink;
  auto read = file_system.ReadLink(link);
  if (!read) {
    if (read.error().code() == ErrorCode::kNotFound) {
      return std::optional<BuildRef>();
    }
    return Error(ErrorCode::kDataLoss, link.string() + " is not a symbolic link");
  }
  const fs::path target = *read;
  BuildRef ref;
  ref.dir = target.is_absolute() ? target : repository_dir / target;
  ref.id = ref.dir.filename().string();
  if (!IsBuildId(ref.id) || !IsDirectory(ref.dir, file_system)) {
    return Error(ErrorCode::kDataLoss,
                 link.string() + " points at " + target.string() + ", which is not a build");
  }
  return std::optional<BuildRef>(std::move(ref));
}

base::Status ValidateBuild(const fs::path& dir, io::FileSystem& file_system) {
  if (!IsDirectory(dir, file_system)) {
    return Invalid(dir, "no such build directory");
  }
  if (file_system.Stat(io::kWorkingDir, dir / kFailedMarker, false)) {
    auto reason = ReadFile(dir / kFailedMarker, file_system);
    return Invalid(dir, "marked failed" + (reason && !reason->empty() ? ": " + *reason : ""));
  }
  for (std::string_view name : {kPackagesJson, kManifestJson}) {
    auto bytes = ReadFile(dir / name, file_system);
    if (!bytes) {
      return Invalid(dir, std::string(name) + " missing");
    }
    if (!internal::IsJsonObject(*bytes)) {
      return Invalid(dir, std::string(name) + " is not a JSON object");
    }
  }
  WPP_ASSIGN_OR_RETURN(const std::string manifest, ReadFile(dir / kManifestJson, file_system));
  const int64_t expected = internal::IntMember(manifest, "packages_total").value_or(0);
  auto files = BuildFiles::Open(dir, file_system);
  if (!files) {
    return Invalid(dir, files.error().message());
  }
  const auto listed = static_cast<int64_t>(files->index().size());
  if (listed < expected) {
    return Invalid(dir, "the index lists " + std::to_string(listed) +
                            " packages but manifest.json " + std::to_string(expected));
  }
  if (base::Status blobs = files->CheckBlobs(); !blobs.ok()) {
    return Invalid(dir, blobs.error().message());
  }
  return base::Status::Ok();
}

void MarkFailed(const fs::path& dir, std::string_view reason, io::FileSystem& file_system) {
  (void)WriteFileAtomic(dir / kFailedMarker, reason, false, file_system);
}

base::Result<std::string> ReadFile(const fs::path& path, io::FileSystem& file_system) {
  auto bytes = file_system.ReadFile(io::kWorkingDir, path);
  if (!bytes && bytes.error().code() != ErrorCode::kNotFound) {
    return Error(ErrorCode::kUnavailable, bytes.error().message());
  }
  return bytes;
}

base::Status WriteFileAtomic(const fs::path& path, std::string_view bytes, bool durable,
                             io::FileSystem& file_system) {
  const std::string tmp = path.string() + ".tmp";
  base::Status written = internal::WriteFile(file_system, io::kWorkingDir, tmp, bytes,
                                             io::CreateMode::kTruncate, durable);
  if (!written.ok()) {
    return Error(ErrorCode::kUnavailable, written.error().message());
  }
  if (base::Status renamed = file_system.Rename(io::kWorkingDir, tmp, io::kWorkingDir, path);
      !renamed.ok()) {
    return Error(ErrorCode::kUnavailable, renamed.error().message());
  }
  return base::Status::Ok();
}

bool IsDirectory(const fs::path& path, io::FileSystem& file_system) {
  auto info = file_system.Stat(io::kWorkingDir, path, true);
  return info && info->type == io::FileType::kDirectory;
}

}  // namespace wpp::repository
