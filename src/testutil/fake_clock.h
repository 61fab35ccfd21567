// A Clock that only moves when told to. SleepFor advances it instantly and
// remembers the requested durations, so backoff can be asserted on.

#pragma once

#include <mutex>
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
  void SleepFor(std::chrono::milliseconds duration) override {
    std::lock_guard lock(mu_);
    sleeps_.push_back(duration);
    now_ += duration;
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
  TimePoint now_;                                  // Guarded by mu_.
  std::vector<std::chrono::milliseconds> sleeps_;  // Guarded by mu_.
};

}  // namespace wpp::testutil
