#include "io/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include <sys/stat.h>

namespace wpp::io {
namespace {

using base::Error;
using base::ErrorCode;

static_assert(kWorkingDir == AT_FDCWD);

Error LastError(const std::string& what) {
  return ErrnoError(errno, what);
}

FileType TypeOfMode(mode_t mode) {
  if (S_ISREG(mode)) {
    return FileType::kRegular;
  }
  if (S_ISDIR(mode)) {
    return FileType::kDirectory;
  }
  return S_ISLNK(mode) ? FileType::kSymlink : FileType::kOther;
}

FileType TypeOfEntry(unsigned char type) {
  switch (type) {
    case DT_REG:
      return FileType::kRegular;
    case DT_DIR:
      return FileType::kDirectory;
    case DT_LNK:
      return FileType::kSymlink;
    case DT_UNKNOWN:
      return FileType::kUnknown;
    default:
      return FileType::kOther;
  }
}

}  // namespace

Error ErrnoError(int err, const std::string& what) {
  const ErrorCode code = err == EEXIST   ? ErrorCode::kAlreadyExists
                         : err == ENOENT ? ErrorCode::kNotFound
                                         : ErrorCode::kUnavailable;
  return Error(code, what + ": " + std::error_code(err, std::generic_category()).message());
}

FileSystem& FileSystem::Default() {
  static PosixFileSystem* const kPosix = new PosixFileSystem();
  return *kPosix;
}

base::Result<int> PosixFileSystem::OpenForWrite(int dir, const std::string& name, CreateMode mode) {
  const int flags =
      O_WRONLY | O_CREAT | O_CLOEXEC | (mode == CreateMode::kExclusive ? O_EXCL : O_TRUNC);
  const int fd = openat(dir, name.c_str(), flags, 0644);
  if (fd < 0) {
    return LastError((mode == CreateMode::kExclusive ? "creating " : "writing ") + name);
  }
  return fd;
}

base::Status PosixFileSystem::WriteAll(int fd, std::string_view bytes, const std::string& name) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return Error(
          ErrorCode::kUnavailable,
          "writing " + name + ": " + std::error_code(errno, std::generic_category()).message());
    }
    done += static_cast<size_t>(n);
  }
  return base::Status::Ok();
}

base::Status PosixFileSystem::Sync(int fd, const std::string& name) {
  if (fsync(fd) != 0) {
    return LastError("syncing " + name);
  }
  return base::Status::Ok();
}

base::Status PosixFileSystem::Close(int fd, const std::string& name) {
  if (close(fd) != 0) {
    return LastError("writing " + name);
  }
  return base::Status::Ok();
}

base::Result<std::string> PosixFileSystem::ReadFile(int dir, const std::string& name) {
  const int fd = openat(dir, name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return LastError("reading " + name);
  }
  std::string out;
  char buffer[65536];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      Error error = LastError("reading " + name);
      close(fd);
      return error;
    }
    if (n == 0) {
      break;
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

base::Status PosixFileSystem::Rename(int from_dir, const std::string& from, int to_dir,
                                     const std::string& to) {
  if (renameat(from_dir, from.c_str(), to_dir, to.c_str()) != 0) {
    return LastError("renaming " + from + " to " + to);
  }
  return base::Status::Ok();
}

base::Status PosixFileSystem::Link(const std::string& from, const std::string& to) {
  if (link(from.c_str(), to.c_str()) != 0) {
    const int err = errno;
    if (err == EXDEV || err == EMLINK || err == EPERM) {
      return Error(
          ErrorCode::kFailedPrecondition,
          "linking " + to + ": " + std::error_code(err, std::generic_category()).message());
    }
    return ErrnoError(err, "linking " + to);
  }
  return base::Status::Ok();
}

base::Status PosixFileSystem::Symlink(const std::string& target, const std::string& link) {
  if (symlink(target.c_str(), link.c_str()) != 0) {
    return LastError("creating " + link);
  }
  return base::Status::Ok();
}

base::Result<std::string> PosixFileSystem::ReadLink(const std::string& link) {
  std::string target(256, '\0');
  while (true) {
    const ssize_t n = readlink(link.c_str(), target.data(), target.size());
    if (n < 0) {
      return LastError("reading link " + link);
    }
    if (static_cast<size_t>(n) < target.size()) {
      target.resize(static_cast<size_t>(n));
      return target;
    }
    target.resize(target.size() * 2);  // Possibly cut short: try a larger buffer.
  }
}

base::Status PosixFileSystem::Unlink(int dir, const std::string& name) {
  if (unlinkat(dir, name.c_str(), 0) != 0) {
    return LastError("removing " + name);
  }
  return base::Status::Ok();
}

base::Result<FileInfo> PosixFileSystem::Stat(int dir, const std::string& name, bool follow) {
  struct stat st {};
  if (fstatat(dir, name.c_str(), &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) != 0) {
    return LastError("inspecting " + name);
  }
  return FileInfo{TypeOfMode(st.st_mode), static_cast<int64_t>(st.st_mtim.tv_sec),
                  static_cast<int64_t>(st.st_mtim.tv_nsec)};
}

base::Status PosixFileSystem::MakeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0) {
    return LastError("creating " + path);
  }
  return base::Status::Ok();
}

base::Status PosixFileSystem::MakeDirs(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) {
    return ErrnoError(ec.value(), "creating " + path);
  }
  return base::Status::Ok();
}

base::Result<int> PosixFileSystem::OpenDir(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return LastError("opening " + path);
  }
  return fd;
}

base::Status PosixFileSystem::ListDir(
    const std::string& path, const std::function<void(std::string_view, FileType)>& visit) {
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) {
    return LastError("listing " + path);
  }
  errno = 0;
  // readdir is safe on a stream no other thread uses.
  while (const dirent* entry = readdir(dir)) {  // NOLINT(concurrency-mt-unsafe)
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") {
      visit(name, TypeOfEntry(entry->d_type));
    }
    errno = 0;
  }
  const int err = errno;
  closedir(dir);
  if (err != 0) {
    return ErrnoError(err, "listing " + path);
  }
  return base::Status::Ok();
}

base::Status PosixFileSystem::SyncFileSystem(const std::string& path) {
  WPP_ASSIGN_OR_RETURN(const int fd, OpenDir(path));
  const int rc = syncfs(fd);
  const int err = errno;
  close(fd);
  if (rc != 0) {
    return ErrnoError(err, "syncing " + path);
  }
  return base::Status::Ok();
}

base::Status PosixFileSystem::RemoveAll(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) {
    return ErrnoError(ec.value(), "removing " + path);
  }
  return base::Status::Ok();
}

}  // namespace wpp::io
