#include "admin/login_limiter.h"

namespace wpp::admin {

bool LoginLimiter::Blocked(const std::string& key) {
  if (key.empty()) {
    return false;
  }
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  return it != entries_.end() && clock_.Now() < it->second.blocked_until;
}

void LoginLimiter::Failure(const std::string& key) {
  if (key.empty()) {
    return;
  }
  const base::Clock::TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  if (entries_.size() >= limits_.max_keys && entries_.count(key) == 0) {
    SweepLocked(now);
  }
  Entry& e = entries_[key];
  if (e.failures == 0 || now - e.window_start > limits_.window) {
    e.window_start = now;
    e.failures = 0;
  }
  e.last_seen = now;
  if (++e.failures >= limits_.max_failures) {
    e.blocked_until = now + limits_.block;
    e.failures = 0;
  }
}

void LoginLimiter::Success(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

size_t LoginLimiter::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void LoginLimiter::SweepLocked(base::Clock::TimePoint now) {
  std::erase_if(entries_, [&](const auto& kv) {
    const Entry& e = kv.second;
    return now >= e.blocked_until && now - e.last_seen > limits_.window;
  });
  if (entries_.size() >= limits_.max_keys) {
    // Still full of fresh keys: forget the ones that are not blocked (a
    // flood of addresses may reset counters, never lift a block).
    std::erase_if(entries_, [&](const auto& kv) { return now >= kv.second.blocked_until; });
  }
}

}  // namespace wpp::admin
