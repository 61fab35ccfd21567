// FaultyFileSystem: wraps a FileSystem (the real one by default), counts
// every operation and can be told to fail one: the Nth call of a kind (the
// Nth write, rename, fsync, …) or the Nth mutating operation of any kind.
// The failure is EIO, as a dying disk would report it; a failing write
// first writes half its bytes, so the file is torn. Only the one operation
// fails; later ones go through. Thread-safe. For tests only.

#pragma once

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <string>

#include "io/file_system.h"

namespace wpp::testutil {

class FaultyFileSystem final : public io::FileSystem {
 public:
  enum class Op {
    kOpenForWrite,
    kWrite,
    kSync,
    kClose,
    kReadFile,
    kRename,
    kLink,
    kSymlink,
    kReadLink,
    kUnlink,
    kStat,
    kMakeDir,
    kMakeDirs,
    kOpenDir,
    kListDir,
    kSyncFileSystem,
    kRemoveAll,
    kCount,  // Not an operation: the number of kinds.
  };

  // Whether `op` changes what is on disk (or its durability).
  static constexpr bool IsMutating(Op op) {
    switch (op) {
      case Op::kOpenForWrite:
      case Op::kWrite:
      case Op::kSync:
      case Op::kRename:
      case Op::kLink:
      case Op::kSymlink:
      case Op::kUnlink:
      case Op::kMakeDir:
      case Op::kMakeDirs:
      case Op::kSyncFileSystem:
      case Op::kRemoveAll:
        return true;
      default:
        return false;
    }
  }

  explicit FaultyFileSystem(io::FileSystem& base = io::FileSystem::Default()) : base_(base) {}

  // The `n`th call (1-based) of `op` fails; 0 disarms.
  void FailNth(Op op, int64_t n) {
    fail_op_ = static_cast<int>(op);
    fail_at_ = n;
  }
  // The `n`th mutating call, of whatever kind, fails; 0 disarms.
  void FailNthMutation(int64_t n) {
    fail_op_ = kAnyMutation;
    fail_at_ = n;
  }
  // Counts start again from zero (the armed fault stays armed).
  void ResetCounts() {
    for (auto& count : counts_) {
      count = 0;
    }
    mutations_ = 0;
    faults_ = 0;
  }

  int64_t count(Op op) const { return counts_[static_cast<size_t>(op)]; }
  int64_t mutations() const { return mutations_; }
  // How many operations were failed (0 or 1).
  int64_t faults() const { return faults_; }

  base::Result<int> OpenForWrite(int dir, const std::string& name, io::CreateMode mode) override {
    if (Fault(Op::kOpenForWrite)) {
      return Injected("creating " + name);
    }
    return base_.OpenForWrite(dir, name, mode);
  }
  base::Status WriteAll(int fd, std::string_view bytes, const std::string& name) override {
    if (Fault(Op::kWrite)) {
      (void)base_.WriteAll(fd, bytes.substr(0, bytes.size() / 2), name);
      return Injected("writing " + name);
    }
    return base_.WriteAll(fd, bytes, name);
  }
  base::Status Sync(int fd, const std::string& name) override {
    if (Fault(Op::kSync)) {
      return Injected("syncing " + name);
    }
    return base_.Sync(fd, name);
  }
  base::Status Close(int fd, const std::string& name) override {
    Count(Op::kClose);
    return base_.Close(fd, name);
  }
  base::Result<std::string> ReadFile(int dir, const std::string& name) override {
    Count(Op::kReadFile);
    return base_.ReadFile(dir, name);
  }
  base::Status Rename(int from_dir, const std::string& from, int to_dir,
                      const std::string& to) override {
    if (Fault(Op::kRename)) {
      return Injected("renaming " + from);
    }
    return base_.Rename(from_dir, from, to_dir, to);
  }
  base::Status Link(const std::string& from, const std::string& to) override {
    if (Fault(Op::kLink)) {
      return Injected("linking " + to);
    }
    return base_.Link(from, to);
  }
  base::Status Symlink(const std::string& target, const std::string& link) override {
    if (Fault(Op::kSymlink)) {
      return Injected("creating " + link);
    }
    return base_.Symlink(target, link);
  }
  base::Result<std::string> ReadLink(const std::string& link) override {
    Count(Op::kReadLink);
    return base_.ReadLink(link);
  }
  base::Status Unlink(int dir, const std::string& name) override {
    if (Fault(Op::kUnlink)) {
      return Injected("removing " + name);
    }
    return base_.Unlink(dir, name);
  }
  base::Result<io::FileInfo> Stat(int dir, const std::string& name, bool follow) override {
    Count(Op::kStat);
    return base_.Stat(dir, name, follow);
  }
  base::Status MakeDir(const std::string& path) override {
    if (Fault(Op::kMakeDir)) {
      return Injected("creating " + path);
    }
    return base_.MakeDir(path);
  }
  base::Status MakeDirs(const std::string& path) override {
    if (Fault(Op::kMakeDirs)) {
      return Injected("creating " + path);
    }
    return base_.MakeDirs(path);
  }
  base::Result<int> OpenDir(const std::string& path) override {
    Count(Op::kOpenDir);
    return base_.OpenDir(path);
  }
  base::Status ListDir(const std::string& path,
                       const std::function<void(std::string_view, io::FileType)>& visit) override {
    Count(Op::kListDir);
    return base_.ListDir(path, visit);
  }
  base::Status SyncFileSystem(const std::string& path) override {
    if (Fault(Op::kSyncFileSystem)) {
      return Injected("syncing " + path);
    }
    return base_.SyncFileSystem(path);
  }
  base::Status RemoveAll(const std::string& path) override {
    if (Fault(Op::kRemoveAll)) {
      return Injected("removing " + path);
    }
    return base_.RemoveAll(path);
  }

 private:
  static constexpr int kAnyMutation = -1;

  static base::Error Injected(const std::string& what) {
    return io::ErrnoError(EIO, what + " (injected fault)");
  }

  int64_t Count(Op op) { return ++counts_[static_cast<size_t>(op)]; }

  // Counts a call of `op`; true when it is the one to fail.
  bool Fault(Op op) {
    const int64_t nth = Count(op);
    const int64_t mutation = IsMutating(op) ? ++mutations_ : 0;
    const int64_t at = fail_at_;
    const bool hit =
        at > 0 &&
        (fail_op_ == kAnyMutation ? mutation == at : fail_op_ == static_cast<int>(op) && nth == at);
    if (hit) {
      ++faults_;
    }
    return hit;
  }

  io::FileSystem& base_;
  std::array<std::atomic<int64_t>, static_cast<size_t>(Op::kCount)> counts_{};
  std::atomic<int64_t> mutations_{0};
  std::atomic<int64_t> faults_{0};
  std::atomic<int> fail_op_{kAnyMutation};
  std::atomic<int64_t> fail_at_{0};
};

}  // namespace wpp::testutil
