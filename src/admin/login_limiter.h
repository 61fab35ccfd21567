// The admin login limiter (docs/behaviour.md §19.3): failures are counted per
// client address and per account; 8 failures within 15 minutes block that
// key for 15 minutes. In memory, thread-safe, bounded.

#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/clock.h"

namespace wpp::admin {

struct LoginLimits {
  int max_failures = 8;
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds block{15 * 60};
  size_t max_keys = 100'000;
};

class LoginLimiter {
 public:
  // `clock` must outlive the limiter.
  LoginLimiter(base::Clock& clock, LoginLimits limits) : clock_(clock), limits_(limits) {}

  // True while `key` is blocked. An empty key is never blocked.
  bool Blocked(const std::string& key);
  // Counts a failure; the one that reaches max_failures blocks the key.
  void Failure(const std::string& key);
  // Forgets the key (a successful login).
  void Success(const std::string& key);
  size_t size() const;

 private:
  struct Entry {
    base::Clock::TimePoint window_start{};
    int failures = 0;
    base::Clock::TimePoint blocked_until{};
    base::Clock::TimePoint last_seen{};
  };
  // Drops entries neither blocked nor seen within the window. Guarded by mu_.
  void SweepLocked(base::Clock::TimePoint now);

  base::Clock& clock_;
  const LoginLimits limits_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // Guarded by mu_.
};

}  // namespace wpp::admin
