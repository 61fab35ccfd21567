// Clock is the only source of "now" and the only way to wait. Code that reads
// std::chrono::system_clock directly cannot be tested deterministically.

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace wpp::base {

class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;

  virtual TimePoint Now() = 0;
  // Waits for `duration` unless `*stop` is or becomes true: then it returns
  // false at once, or as soon as it notices (the real clock looks every few
  // milliseconds, so a flag set by a signal handler works). Returns true when
  // the whole duration passed. A null `stop` never stops the wait.
  virtual bool SleepFor(std::chrono::milliseconds duration, const std::atomic<bool>* stop) = 0;
  // A wait nothing interrupts.
  void SleepFor(std::chrono::milliseconds duration) { SleepFor(duration, nullptr); }

  // The process-wide real clock. Never null, never destroyed.
  static Clock& Real();
};

// "2026-03-13T14:00:00Z": RFC 3339, UTC, whole seconds. Stored timestamps use
// this form because SQL compares them as strings.
std::string FormatRfc3339(Clock::TimePoint t);
// "20260313-140000": build ids.
std::string FormatBuildId(Clock::TimePoint t);
// The inverses of FormatRfc3339 and FormatBuildId; nullopt when malformed.
std::optional<Clock::TimePoint> ParseRfc3339(const std::string& text);
std::optional<Clock::TimePoint> ParseBuildId(const std::string& id);
int64_t UnixSeconds(Clock::TimePoint t);
int64_t UnixMillis(Clock::TimePoint t);
Clock::TimePoint FromUnixSeconds(int64_t seconds);

}  // namespace wpp::base
