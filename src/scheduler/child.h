// One scheduled job as a child process of this binary (docs/behaviour.md §16.2):
// its stdout and stderr appended to the job's log file, killed when this
// process dies (PR_SET_PDEATHSIG), stopped with SIGTERM then SIGKILL after a
// grace period when it runs past its timeout or when the server stops.

#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace wpp::scheduler {

struct ChildOptions {
  std::vector<std::string> argv{};  // argv[0] is the program run.
  std::string log_path{};           // Empty: the child inherits stderr.
  std::chrono::milliseconds timeout{std::chrono::hours(2)};
  std::chrono::milliseconds grace{std::chrono::seconds(30)};
  // Added to this process's nice value in the child: background jobs give
  // way to the server's requests (docs/behaviour.md §16.2).
  int nice = 0;
};

struct ChildOutcome {
  enum class Kind { kExited, kSignaled, kTimedOut, kStopped, kSpawnFailed };
  Kind kind = Kind::kSpawnFailed;
  int exit_code = -1;  // kExited: the exit status.
  int signal = 0;      // kSignaled: the signal that ended it.
  std::string error{};

  bool ok() const { return kind == Kind::kExited && exit_code == 0; }
  // "succeeded", "failed", "timed_out", "stopped": scheduler_runs statuses.
  std::string status() const;
  // One line for logs and notices: "exit status 1", "killed by signal 9", …
  std::string Describe() const;
};

// Runs the child to completion. `stop` (may be null) asks it to stop early.
// `on_start` gets the child's pid once it runs. Blocks the calling thread,
// which must live until the call returns (the parent-death signal follows
// the thread that forked).
ChildOutcome RunChild(const ChildOptions& options, const std::atomic<bool>* stop,
                      const std::function<void(int pid)>& on_start);

// The last `max_lines` lines of a file (at most its last 8 KiB), for notices.
std::vector<std::string> TailLines(const std::string& path, size_t max_lines);

}  // namespace wpp::scheduler
