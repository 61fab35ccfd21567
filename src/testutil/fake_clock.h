// A Clock that only moves when told to. SleepFor advances it instantly and
// remembers the requested durations, so backoff can be asserted on. A wait
// whose stop flag is set returns false at once without moving the clock;
// set_on_sleep lets a test set that flag "during" a wait.

#pragma once

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "base/clock.h"

namespace wpp::testutil {

class FakeClock final : public base::Clock {
 public:
  explicit FakeClock(TimePoint start = base::FromUnixSeconds(1773410400))  // 2026-03-13T14:00:00Z
      : now_(start) {}

  TimePoint Now() override {
    std::lock_guard lock(mu_);
    return now_;
  }
  using base::Clock::SleepFor;
  // Records `duration`, runs the on-sleep hook, then advances the clock by
  // `duration` unless `*stop` is true.
  bool SleepFor(std::chrono::milliseconds duration, const std::atomic<bool>* stop) override {
    std::function<void(std::chrono::milliseconds)> hook;
    {
      std::lock_guard lock(mu_);
      sleeps_.push_back(duration);
      hook = on_sleep_;
    }
    if (hook) {
      hook(duration);
    }
    if (stop != nullptr && stop->load()) {
      return false;
    }
    std::lock_guard lock(mu_);
    now_ += duration;
    return true;
  }
  // Called (outside the clock's lock) at the start of every SleepFor.
  void set_on_sleep(std::function<void(std::chrono::milliseconds)> hook) {
    std::lock_guard lock(mu_);
    on_sleep_ = std::move(hook);
  }
  void Advance(std::chrono::seconds by) {
    std::lock_guard lock(mu_);
    now_ += by;
  }
  void Set(TimePoint t) {
    std::lock_guard lock(mu_);
    now_ = t;
  }
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard lock(mu_);
    return sleeps_;
  }

 private:
  mutable std::mutex mu_;
  TimePoint now_;                                            // Guarded by mu_.
  std::vector<std::chrono::milliseconds> sleeps_;            // Guarded by mu_.
  std::function<void(std::chrono::milliseconds)> on_sleep_;  // Guarded by mu_.
};

}  // namespace wpp::testutil
