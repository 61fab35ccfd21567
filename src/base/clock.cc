#include "base/clock.h"

#include <time.h>

#include <algorithm>
#include <thread>

#include "base/utc_format.h"

namespace wpp::base {
namespace {

// How long the real clock sleeps between looks at a stop flag.
constexpr std::chrono::milliseconds kStopPollInterval{10};

bool StopRequested(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load(std::memory_order_relaxed);
}

class RealClock final : public Clock {
 public:
  TimePoint Now() override { return std::chrono::system_clock::now(); }
  // Polls in short slices rather than waiting on a condition variable: the
  // flag is usually set by a signal handler, which cannot notify one.
  bool SleepFor(std::chrono::milliseconds duration, const std::atomic<bool>* stop) override {
    if (stop == nullptr) {
      std::this_thread::sleep_for(duration);
      return true;
    }
    const auto deadline = std::chrono::steady_clock::now() + duration;
    while (!StopRequested(stop)) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero()) {
        return true;
      }
      std::this_thread::sleep_for(
          std::min<std::chrono::steady_clock::duration>(left, kStopPollInterval));
    }
    return false;
  }
};

}  // namespace

std::string FormatUtc(Clock::TimePoint t, const char* format) {
  const time_t seconds = std::chrono::system_clock::to_time_t(t);
  struct tm parts {};
  gmtime_r(&seconds, &parts);
  char buffer[64];
  const size_t n = strftime(buffer, sizeof buffer, format, &parts);
  return std::string(buffer, n);
}

Clock& Clock::Real() {
  static RealClock* clock = new RealClock();  // Never destroyed.
  return *clock;
}

std::string FormatRfc3339(Clock::TimePoint t) {
  return FormatUtc(t, "%Y-%m-%dT%H:%M:%SZ");
}
std::string FormatBuildId(Clock::TimePoint t) {
  return FormatUtc(t, "%Y%m%d-%H%M%S");
}

int64_t UnixSeconds(Clock::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
int64_t UnixMillis(Clock::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
Clock::TimePoint FromUnixSeconds(int64_t seconds) {
  return Clock::TimePoint(std::chrono::seconds(seconds));
}

}  // namespace wpp::base
