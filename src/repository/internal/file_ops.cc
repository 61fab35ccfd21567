#include "repository/internal/file_ops.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <sys/stat.h>

namespace wpp::repository::internal {
namespace {

using base::Error;
using base::ErrorCode;

Error Errno(const std::string& what, int err) {
  return Error(err == EEXIST   ? ErrorCode::kAlreadyExists
               : err == ENOENT ? ErrorCode::kNotFound
                               : ErrorCode::kUnavailable,
               what + ": " + ErrnoMessage(err));
}

}  // namespace

std::string ErrnoMessage(int err) {
  return std::error_code(err, std::generic_category()).message();
}

base::Result<int> MakeAndOpenDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    return Errno("creating " + path, errno);
  }
  const int fd = OpenDir(path);
  if (fd < 0) {
    return Errno("opening " + path, errno);
  }
  return fd;
}

int OpenDir(const std::string& path) {
  return open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

void CloseFd(int fd) {
  if (fd >= 0) {
    close(fd);
  }
}

base::Status WriteAll(int fd, std::string_view bytes, const std::string& name) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return Error(ErrorCode::kUnavailable, "writing " + name + ": " + ErrnoMessage(errno));
    }
    done += static_cast<size_t>(n);
  }
  return base::Status::Ok();
}

base::Status WriteNewFile(int dir_fd, const std::string& name, std::string_view bytes) {
  const int fd = openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Errno("creating " + name, errno);
  }
  if (base::Status written = WriteAll(fd, bytes, name); !written.ok()) {
    close(fd);
    return written;
  }
  if (close(fd) != 0) {
    return Errno("writing " + name, errno);
  }
  return base::Status::Ok();
}

void RemoveFile(int dir_fd, const std::string& name) {
  unlinkat(dir_fd, name.c_str(), 0);
}

base::Status SyncFileSystem(const std::string& path) {
  const int fd = OpenDir(path);
  if (fd < 0) {
    return Errno("opening " + path, errno);
  }
  const int rc = syncfs(fd);
  const int err = errno;
  close(fd);
  if (rc != 0) {
    return Errno("syncing " + path, err);
  }
  return base::Status::Ok();
}

}  // namespace wpp::repository::internal
