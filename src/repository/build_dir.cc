#include "repository/build_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

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

base::Result<std::vector<std::string>> ListBuilds(const fs::path& builds_dir) {
  std::vector<std::string> ids;
  std::error_code ec;
  if (!fs::exists(builds_dir, ec)) {
    return ids;
  }
  for (fs::directory_iterator it(builds_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (IsBuildId(name) && it->is_directory(ec)) {
      ids.push_back(std::move(name));
    }
  }
  if (ec) {
    return Error(ErrorCode::kUnavailable,
                 "listing builds in " + builds_dir.string() + ": " + ec.message());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

base::Result<std::optional<BuildRef>> CurrentBuild(const fs::path& repository_dir) {
  const fs::path link = repository_dir / kCurrentLink;
  std::error_code ec;
  const fs::path target = fs::read_symlink(link, ec);
  if (ec) {
    if (!fs::exists(fs::symlink_status(link, ec))) {
      return std::optional<BuildRef>();
    }
    return Error(ErrorCode::kDataLoss, link.string() + " is not a symbolic link");
  }
  BuildRef ref;
  ref.dir = target.is_absolute() ? target : repository_dir / target;
  ref.id = ref.dir.filename().string();
  if (!IsBuildId(ref.id) || !fs::is_directory(ref.dir, ec)) {
    return Error(ErrorCode::kDataLoss,
                 link.string() + " points at " + target.string() + ", which is not a build");
  }
  return std::optional<BuildRef>(std::move(ref));
}

base::Status ValidateBuild(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Invalid(dir, "no such build directory");
  }
  if (fs::exists(dir / kFailedMarker, ec)) {
    auto reason = ReadFile(dir / kFailedMarker);
    return Invalid(dir, "marked failed" + (reason && !reason->empty() ? ": " + *reason : ""));
  }
  for (std::string_view name : {kPackagesJson, kManifestJson}) {
    auto bytes = ReadFile(dir / name);
    if (!bytes) {
      return Invalid(dir, std::string(name) + " missing");
    }
    if (!internal::IsJsonObject(*bytes)) {
      return Invalid(dir, std::string(name) + " is not a JSON object");
    }
  }
  WPP_ASSIGN_OR_RETURN(const std::string manifest, ReadFile(dir / kManifestJson));
  const int64_t expected = internal::IntMember(manifest, "packages_total").value_or(0);
  auto files = BuildFiles::Open(dir);
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

void MarkFailed(const fs::path& dir, std::string_view reason) {
  (void)WriteFileAtomic(dir / kFailedMarker, reason, false);
}

base::Result<std::string> ReadFile(const fs::path& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const ErrorCode code = errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable;
    return Error(code, "reading " + path.string() + ": " + internal::ErrnoMessage(errno));
  }
  std::string out;
  char buffer[65536];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      const int err = errno;
      close(fd);
      return Error(ErrorCode::kUnavailable,
                   "reading " + path.string() + ": " + internal::ErrnoMessage(err));
    }
    if (n == 0) {
      break;
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

base::Status WriteFileAtomic(const fs::path& path, std::string_view bytes, bool durable) {
  const fs::path tmp = path.string() + ".tmp";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Error(ErrorCode::kUnavailable,
                 "writing " + tmp.string() + ": " + internal::ErrnoMessage(errno));
  }
  if (base::Status written = internal::WriteAll(fd, bytes, tmp.string()); !written.ok()) {
    close(fd);
    return written;
  }
  const bool synced = !durable || fsync(fd) == 0;
  const bool closed = close(fd) == 0;
  if (!synced || !closed) {
    return Error(ErrorCode::kUnavailable,
                 "writing " + tmp.string() + ": " + internal::ErrnoMessage(errno));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    return Error(ErrorCode::kUnavailable, "renaming " + tmp.string() + ": " + ec.message());
  }
  return base::Status::Ok();
}

}  // namespace wpp::repository
