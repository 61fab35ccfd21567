// A per-key token bucket (keys are client IPs). Thread-safe.

#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/clock.h"

namespace wpp::http {

class RateLimiter {
 public:
  // Allows `burst` requests at once, refilled at `per_minute` per minute.
  // `clock` must outlive the limiter.
  RateLimiter(base::Clock& clock, double per_minute, double burst)
      : clock_(clock), per_second_(per_minute / 60.0), burst_(burst) {}

  // Takes one token for `key`; false when the bucket is empty.
  bool Allow(const std::string& key);

 private:
  struct Bucket {
    double tokens = 0;
    base::Clock::TimePoint updated{};
  };

  base::Clock& clock_;
  const double per_second_;
  const double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // Guarded by mu_.
};

}  // namespace wpp::http
