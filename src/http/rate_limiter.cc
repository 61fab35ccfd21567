#include "http/rate_limiter.h"

#include <algorithm>

namespace wpp::http {

bool RateLimiter::Allow(const std::string& key) {
  const auto now = clock_.Now();
  std::lock_guard lock(mu_);
  if (buckets_.size() > 100'000) {
    buckets_.clear();  // Bound memory under a flood of distinct keys.
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!inserted) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
    b.updated = now;
  }
  if (b.tokens < 1.0) {
    return false;
  }
  b.tokens -= 1.0;
  return true;
}

}  // namespace wpp::http
