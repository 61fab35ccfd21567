#include "pipeline/lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <sys/file.h>

namespace wpp::pipeline {

std::string LockPathFor(const std::string& db_path) {
  std::filesystem::path dir = std::filesystem::path(db_path).parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  return (dir / "pipeline.lock").string();
}

base::Result<std::unique_ptr<PipelineLock>> PipelineLock::Acquire(const std::string& path) {
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return base::Error(base::ErrorCode::kInternal, "opening " + path + ": " + std::strerror(errno));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return base::Error(base::ErrorCode::kUnavailable,
                       "pipeline already running (could not acquire " + path + ")");
  }
  return std::unique_ptr<PipelineLock>(new PipelineLock(fd));
}

PipelineLock::~PipelineLock() {
  flock(fd_, LOCK_UN);
  close(fd_);
}

}  // namespace wpp::pipeline
