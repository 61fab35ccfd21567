#include "base/clock.h"

#include <time.h>

#include <thread>

namespace wpp::base {
namespace {

class RealClock final : public Clock {
 public:
  TimePoint Now() override { return std::chrono::system_clock::now(); }
  void SleepFor(std::chrono::milliseconds duration) override {
    std::this_thread::sleep_for(duration);
  }
};

std::string FormatUtc(Clock::TimePoint t, const char* format) {
  const time_t seconds = std::chrono::system_clock::to_time_t(t);
  struct tm parts {};
  gmtime_r(&seconds, &parts);
  char buffer[64];
  const size_t n = strftime(buffer, sizeof buffer, format, &parts);
  return std::string(buffer, n);
}

}  // namespace

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
