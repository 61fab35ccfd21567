#include "base/clock.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
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

namespace {

std::optional<Clock::TimePoint> FromFields(int year, int month, int day, int hour, int minute,
                                           int second) {
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60 || hour < 0 || minute < 0 || second < 0) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return FromUnixSeconds(static_cast<int64_t>(timegm(&tm)));
}

}  // namespace

std::optional<Clock::TimePoint> ParseRfc3339(const std::string& text) {
  int f[6] = {};
  char z = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &f[0], &f[1], &f[2], &f[3], &f[4],
                  &f[5], &z, &consumed) != 7 ||
      z != 'Z' || static_cast<size_t>(consumed) != text.size()) {
    return std::nullopt;
  }
  return FromFields(f[0], f[1], f[2], f[3], f[4], f[5]);
}

std::optional<Clock::TimePoint> ParseBuildId(const std::string& id) {
  int f[6] = {};
  int consumed = 0;
  if (id.size() != 15 ||
      std::sscanf(id.c_str(), "%4d%2d%2d-%2d%2d%2d%n", &f[0], &f[1], &f[2], &f[3], &f[4], &f[5],
                  &consumed) != 6 ||
      consumed != 15) {
    return std::nullopt;
  }
  return FromFields(f[0], f[1], f[2], f[3], f[4], f[5]);
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
