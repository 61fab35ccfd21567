// FileSystem: the file operations the build, the blob store and deploy
// perform, behind one interface (in the manner of leveldb's Env), so tests
// can make any of them fail (testutil::FaultyFileSystem) and check that
// nothing half-done is ever served.
//
// Names are resolved against a directory: an open directory's descriptor
// (OpenDir), or kWorkingDir for ordinary paths. The blob store keeps its
// shard directories open and creates 130,000 files relative to them, so an
// operation is one system call, never a path lookup from the root.
//
// Errors carry the errno as ErrorCode: EEXIST → kAlreadyExists, ENOENT →
// kNotFound, anything else kUnavailable; the message names the file and
// strerror. Nothing throws. Implementations are thread-safe.

#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace wpp::io {

// Resolve names against the working directory (AT_FDCWD).
inline constexpr int kWorkingDir = -100;

enum class FileType { kUnknown, kRegular, kDirectory, kSymlink, kOther };

struct FileInfo {
  FileType type = FileType::kUnknown;
  int64_t mtime_seconds = 0;
  int64_t mtime_nanoseconds = 0;  // Within mtime_seconds.
};

enum class CreateMode {
  kExclusive,  // O_EXCL: the name must not exist (kAlreadyExists).
  kTruncate,   // Created or emptied.
};

// The error for `err` (an errno value) while doing `what` ("creating x").
base::Error ErrnoError(int err, const std::string& what);

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // The real file system (PosixFileSystem); lives for the whole process.
  static FileSystem& Default();

  // Opens `name` in `dir` for writing (mode 0644); close it with Close.
  virtual base::Result<int> OpenForWrite(int dir, const std::string& name, CreateMode mode) = 0;
  // Writes all of `bytes` (short writes and EINTR retried); `name` is for
  // the error message.
  virtual base::Status WriteAll(int fd, std::string_view bytes, const std::string& name) = 0;
  // fsync of a file, or of a directory opened by OpenDir.
  virtual base::Status Sync(int fd, const std::string& name) = 0;
  // Closes a file or directory descriptor; reports a delayed write error.
  virtual base::Status Close(int fd, const std::string& name) = 0;
  // Reads a whole file.
  virtual base::Result<std::string> ReadFile(int dir, const std::string& name) = 0;

  virtual base::Status Rename(int from_dir, const std::string& from, int to_dir,
                              const std::string& to) = 0;
  // A hard link `to` of the file `from`. kFailedPrecondition when the file
  // system cannot link them (EXDEV, EMLINK, EPERM): copy instead.
  virtual base::Status Link(const std::string& from, const std::string& to) = 0;
  // A symbolic link `link` holding `target`.
  virtual base::Status Symlink(const std::string& target, const std::string& link) = 0;
  virtual base::Result<std::string> ReadLink(const std::string& link) = 0;
  virtual base::Status Unlink(int dir, const std::string& name) = 0;
  // stat (`follow`) or lstat. kNotFound when the name does not exist.
  virtual base::Result<FileInfo> Stat(int dir, const std::string& name, bool follow) = 0;

  // mkdir (0755); kAlreadyExists when the name exists.
  virtual base::Status MakeDir(const std::string& path) = 0;
  // mkdir -p; fine when it exists.
  virtual base::Status MakeDirs(const std::string& path) = 0;
  virtual base::Result<int> OpenDir(const std::string& path) = 0;
  // Calls `visit` with every entry but "." and "..", in directory order; the
  // type is kUnknown where the file system does not say (then Stat).
  // kNotFound when `path` does not exist.
  virtual base::Status ListDir(const std::string& path,
                               const std::function<void(std::string_view, FileType)>& visit) = 0;
  // Flushes the whole file system holding `path` (syncfs).
  virtual base::Status SyncFileSystem(const std::string& path) = 0;
  // rm -r; fine when `path` does not exist.
  virtual base::Status RemoveAll(const std::string& path) = 0;
};

// The real thing: one system call per operation (ReadFile, WriteAll and
// RemoveAll loop).
class PosixFileSystem final : public FileSystem {
 public:
  base::Result<int> OpenForWrite(int dir, const std::string& name, CreateMode mode) override;
  base::Status WriteAll(int fd, std::string_view bytes, const std::string& name) override;
  base::Status Sync(int fd, const std::string& name) override;
  base::Status Close(int fd, const std::string& name) override;
  base::Result<std::string> ReadFile(int dir, const std::string& name) override;
  base::Status Rename(int from_dir, const std::string& from, int to_dir,
                      const std::string& to) override;
  base::Status Link(const std::string& from, const std::string& to) override;
  base::Status Symlink(const std::string& target, const std::string& link) override;
  base::Result<std::string> ReadLink(const std::string& link) override;
  base::Status Unlink(int dir, const std::string& name) override;
  base::Result<FileInfo> Stat(int dir, const std::string& name, bool follow) override;
  base::Status MakeDir(const std::string& path) override;
  base::Status MakeDirs(const std::string& path) override;
  base::Result<int> OpenDir(const std::string& path) override;
  base::Status ListDir(const std::string& path,
                       const std::function<void(std::string_view, FileType)>& visit) override;
  base::Status SyncFileSystem(const std::string& path) override;
  base::Status RemoveAll(const std::string& path) override;
};

}  // namespace wpp::io
