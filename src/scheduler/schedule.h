// The schedule of serve --with-scheduler, as pure logic: which jobs are due
// at a given time, given when each last started (docs/behaviour.md §16.1).
// No threads, no processes, no clock of its own, so a simulated day is a
// loop in a test.

#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"

namespace wpp::scheduler {

using TimePoint = base::Clock::TimePoint;

struct JobSpec {
  std::string name{};               // "pipeline"; also its log file's name.
  std::vector<std::string> args{};  // The command after the global flags.
  std::chrono::seconds interval{300};
  // True when the command sends its own failure notice (the pipeline does,
  // docs/behaviour.md §9), so the scheduler only notifies for crashes and
  // timeouts.
  bool notifies_itself = false;
  // Added to the server's nice value for the job's process (docs/behaviour.md §16.2).
  int nice = 0;
};

class Schedule {
 public:
  // `random(n)` returns a value in [0, n] (jitter); tests pass a fixed one.
  Schedule(std::vector<JobSpec> jobs, std::chrono::seconds jitter,
           std::chrono::seconds startup_delay, std::function<int64_t(int64_t)> random);

  // Sets every job's first due time from its last recorded start (absent:
  // never ran). A job whose next run would be before now + startup_delay
  // (never ran, or overdue after downtime) runs once, soon after `now`.
  void Start(TimePoint now, const std::map<std::string, TimePoint>& last_started);

  // The jobs due at `now` that are not running, marked running (indexes).
  std::vector<size_t> TakeDue(TimePoint now);
  // A run of `job` that began at `started` ended: the next one is due an
  // interval (plus jitter) after `started`, or at once if that has passed.
  void Finished(size_t job, TimePoint started);

  // Makes `job` due at `now` when it is not running and not due already
  // (an early start, docs/behaviour.md §16.6); returns whether it changed.
  // Its next run after that is again an interval after this one's start.
  bool RunSoon(size_t job, TimePoint now);

  // The earliest due time of a job that is not running; nullopt when all run.
  std::optional<TimePoint> NextWake() const;

  size_t size() const { return jobs_.size(); }
  const JobSpec& job(size_t index) const { return jobs_[index].spec; }
  bool running(size_t index) const { return jobs_[index].running; }
  TimePoint due(size_t index) const { return jobs_[index].due; }

 private:
  struct State {
    JobSpec spec;
    TimePoint due{};
    bool running = false;
  };
  std::chrono::seconds Jitter();

  std::vector<State> jobs_;
  std::chrono::seconds jitter_;
  std::chrono::seconds startup_delay_;
  std::function<int64_t(int64_t)> random_;
};

}  // namespace wpp::scheduler
