#include "scheduler/schedule.h"

#include <algorithm>

namespace wpp::scheduler {

Schedule::Schedule(std::vector<JobSpec> jobs, std::chrono::seconds jitter,
                   std::chrono::seconds startup_delay, std::function<int64_t(int64_t)> random)
    : jitter_(jitter), startup_delay_(startup_delay), random_(std::move(random)) {
  for (JobSpec& spec : jobs) {
    jobs_.push_back(State{.spec = std::move(spec), .due = {}, .running = false});
  }
}

std::chrono::seconds Schedule::Jitter() {
  if (jitter_.count() <= 0 || !random_) {
    return std::chrono::seconds(0);
  }
  return std::chrono::seconds(std::clamp<int64_t>(random_(jitter_.count()), 0, jitter_.count()));
}

void Schedule::Start(TimePoint now, const std::map<std::string, TimePoint>& last_started) {
  const TimePoint soon = now + startup_delay_;
  for (State& s : jobs_) {
    s.running = false;
    auto it = last_started.find(s.spec.name);
    s.due = it == last_started.end() ? soon : it->second + s.spec.interval + Jitter();
    // Overdue (or never ran): one run soon, however many were missed
    // (docs/behaviour.md §16.1).
    s.due = std::max(s.due, soon);
  }
}

std::vector<size_t> Schedule::TakeDue(TimePoint now) {
  std::vector<size_t> due;
  for (size_t i = 0; i < jobs_.size(); ++i) {
    if (!jobs_[i].running && jobs_[i].due <= now) {
      jobs_[i].running = true;
      due.push_back(i);
    }
  }
  return due;
}

void Schedule::Finished(size_t job, TimePoint started) {
  State& s = jobs_[job];
  s.running = false;
  // From the start, not the end, so runs keep their rhythm; a run longer
  // than the interval is followed by one run at once, never a backlog.
  s.due = started + s.spec.interval + Jitter();
}

bool Schedule::RunSoon(size_t job, TimePoint now) {
  State& s = jobs_[job];
  if (s.running || s.due <= now) {
    return false;
  }
  s.due = now;
  return true;
}

std::optional<TimePoint> Schedule::NextWake() const {
  std::optional<TimePoint> next;
  for (const State& s : jobs_) {
    if (!s.running && (!next || s.due < *next)) {
      next = s.due;
    }
  }
  return next;
}

}  // namespace wpp::scheduler
