// A per-key token bucket (keys are client addresses). Thread-safe.
//
// Memory is bounded: keys are kept in least-recently-seen order; a bucket
// that has refilled completely is the same as no bucket and is dropped
// (a few are checked on every call), and at `max_keys` the least recently
// seen key is dropped for a new one. Dropping a key can only give that key
// a fresh bucket early, and only after `max_keys` other keys were seen since
// its last request, so a flood of addresses cannot buy more than `burst`
// requests per `max_keys` requests it makes.

#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/clock.h"

namespace wpp::http {

class RateLimiter {
 public:
  // Allows `burst` requests at once, refilled at `per_minute` per minute.
  // `clock` must outlive the limiter.
  RateLimiter(base::Clock& clock, double per_minute, double burst, size_t max_keys = 100'000)
      : clock_(clock), per_second_(per_minute / 60.0), burst_(burst), max_keys_(max_keys) {}

  // Takes one token for `key`; false when the bucket is empty.
  bool Allow(const std::string& key) { return Allow(key, nullptr); }
  // Same; when refused and `retry_after` is set, it gets the whole seconds
  // until a token is available (at least 1).
  bool Allow(const std::string& key, std::chrono::seconds* retry_after);

  // Keys currently tracked.
  size_t size() const;

 private:
  struct Bucket;
  // A map node; its address is stable, so the recency list links nodes
  // directly (one hash lookup per request, no list node of its own).
  using Entry = std::pair<const std::string, Bucket>;
  struct Bucket {
    double tokens = 0;
    base::Clock::TimePoint updated{};
    Entry* newer = nullptr;
    Entry* older = nullptr;
  };
  // Tokens of `b` at `now`, at most burst_.
  double Refilled(const Bucket& b, base::Clock::TimePoint now) const;
  void Unlink(Entry& e);      // Requires mu_.
  void PushNewest(Entry& e);  // Requires mu_.
  void Forget(Entry& e);      // Unlinks and erases `e`. Requires mu_.

  base::Clock& clock_;
  const double per_second_;
  const double burst_;
  const size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // Guarded by mu_.
  Entry* newest_ = nullptr;                          // Guarded by mu_.
  Entry* oldest_ = nullptr;                          // Guarded by mu_.
};

// The rate-limit key of a client address: an IPv6 address counts as its
// /64 network (one subscriber usually holds a whole /64), anything else as
// itself.
std::string RateLimitKey(const std::string& ip);

}  // namespace wpp::http
