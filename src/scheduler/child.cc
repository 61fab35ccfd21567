#include "scheduler/child.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <thread>

#include <sys/prctl.h>
#include <sys/wait.h>

namespace wpp::scheduler {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(20);

// In the child between fork and exec: only async-signal-safe calls.
[[noreturn]] void ExecChild(char* const* argv, int log_fd, int null_fd, pid_t parent,
                            int niceness) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) {
    _exit(127);  // The parent died before prctl took effect.
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);  // serve blocks SIGTERM in its threads.
  signal(SIGPIPE, SIG_DFL);
  if (null_fd >= 0) {
    dup2(null_fd, STDIN_FILENO);
  }
  if (log_fd >= 0) {
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
  }
  if (niceness != 0) {
    // Two system calls in glibc (no lock, no allocation); failing leaves
    // the job at the server's priority.
    (void)nice(niceness);
  }
  execv(argv[0], argv);
  _exit(127);
}

}  // namespace

std::string ChildOutcome::status() const {
  switch (kind) {
    case Kind::kExited:
      return exit_code == 0 ? "succeeded" : "failed";
    case Kind::kTimedOut:
      return "timed_out";
    case Kind::kStopped:
      return "stopped";
    case Kind::kSignaled:
    case Kind::kSpawnFailed:
      return "failed";
  }
  return "failed";
}

std::string ChildOutcome::Describe() const {
  switch (kind) {
    case Kind::kExited:
      return "exit status " + std::to_string(exit_code);
    case Kind::kSignaled:
      return "killed by signal " + std::to_string(signal);
    case Kind::kTimedOut:
      return "stopped after its timeout";
    case Kind::kStopped:
      return "stopped by shutdown";
    case Kind::kSpawnFailed:
      return "could not start: " + error;
  }
  return error;
}

ChildOutcome RunChild(const ChildOptions& options, const std::atomic<bool>* stop,
                      const std::function<void(int pid)>& on_start) {
  ChildOutcome outcome;
  if (options.argv.empty()) {
    outcome.error = "empty command";
    return outcome;
  }
  std::vector<std::string> args = options.argv;
  std::vector<char*> argv;
  for (std::string& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  int log_fd = -1;
  if (!options.log_path.empty()) {
    log_fd = open(options.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (log_fd < 0) {
      outcome.error = options.log_path + ": " + std::strerror(errno);
      return outcome;
    }
  }
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    ExecChild(argv.data(), log_fd, null_fd, parent, options.nice);
  }
  for (int fd : {log_fd, null_fd}) {
    if (fd >= 0) {
      close(fd);
    }
  }
  if (pid < 0) {
    outcome.error = std::string("fork: ") + std::strerror(errno);
    return outcome;
  }
  if (on_start) {
    on_start(static_cast<int>(pid));
  }
  using Steady = std::chrono::steady_clock;
  const auto deadline = Steady::now() + options.timeout;
  std::optional<Steady::time_point> kill_at;  // Set once SIGTERM is sent.
  bool timed_out = false;
  bool stopped = false;
  for (;;) {
    int wstatus = 0;
    const pid_t done = waitpid(pid, &wstatus, WNOHANG);
    if (done == pid) {
      if (timed_out || stopped) {
        outcome.kind = timed_out ? ChildOutcome::Kind::kTimedOut : ChildOutcome::Kind::kStopped;
      } else if (WIFEXITED(wstatus)) {
        outcome.kind = ChildOutcome::Kind::kExited;
      } else {
        outcome.kind = ChildOutcome::Kind::kSignaled;
      }
      outcome.exit_code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
      outcome.signal = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;
      if (outcome.kind == ChildOutcome::Kind::kStopped && outcome.exit_code == 0) {
        outcome.kind = ChildOutcome::Kind::kExited;  // It finished its work anyway.
      }
      return outcome;
    }
    if (done < 0 && errno != EINTR) {
      outcome.kind = ChildOutcome::Kind::kSignaled;
      outcome.error = std::string("waitpid: ") + std::strerror(errno);
      return outcome;
    }
    const auto now = Steady::now();
    if (!kill_at) {
      const bool stopping = stop != nullptr && stop->load();
      if (stopping || now >= deadline) {
        stopped = stopping;
        timed_out = !stopping;
        kill(pid, SIGTERM);  // The commands stop between units (packages, steps).
        kill_at = now + options.grace;
      }
    } else if (now >= *kill_at) {
      kill(pid, SIGKILL);
      kill_at = Steady::time_point::max();
    }
    std::this_thread::sleep_for(kPoll);
  }
}

std::vector<std::string> TailLines(const std::string& path, size_t max_lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return {};
  }
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff from = size > 8192 ? size - 8192 : 0;
  in.seekg(from);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    if (end > start) {
      lines.push_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  if (from > 0 && !lines.empty()) {
    lines.erase(lines.begin());  // Probably cut in the middle.
  }
  if (lines.size() > max_lines) {
    lines.erase(lines.begin(), lines.end() - static_cast<long>(max_lines));
  }
  return lines;
}

}  // namespace wpp::scheduler
