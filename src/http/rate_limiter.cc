#include "http/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include <arpa/inet.h>

namespace wpp::http {
namespace {

// Fully refilled buckets dropped from the cold end per call.
constexpr int kSweepPerCall = 2;

}  // namespace

double RateLimiter::Refilled(const Bucket& b, base::Clock::TimePoint now) const {
  const double elapsed = std::max(0.0, std::chrono::duration<double>(now - b.updated).count());
  return std::min(burst_, b.tokens + elapsed * per_second_);
}

void RateLimiter::Unlink(Entry& e) {
  Bucket& b = e.second;
  (b.newer != nullptr ? b.newer->second.older : newest_) = b.older;
  (b.older != nullptr ? b.older->second.newer : oldest_) = b.newer;
  b.newer = b.older = nullptr;
}

void RateLimiter::PushNewest(Entry& e) {
  e.second.older = newest_;
  e.second.newer = nullptr;
  (newest_ != nullptr ? newest_->second.newer : oldest_) = &e;
  newest_ = &e;
}

void RateLimiter::Forget(Entry& e) {
  Unlink(e);
  buckets_.erase(buckets_.find(e.first));
}

bool RateLimiter::Allow(const std::string& key, std::chrono::seconds* retry_after) {
  const auto now = clock_.Now();
  std::lock_guard lock(mu_);
  for (int i = 0; i < kSweepPerCall && oldest_ != nullptr; ++i) {
    if (oldest_->first == key || Refilled(oldest_->second, now) < burst_) {
      break;
    }
    Forget(*oldest_);
  }
  const auto [it, inserted] = buckets_.try_emplace(key);
  Entry& entry = *it;
  Bucket& b = entry.second;
  if (inserted) {
    b.tokens = burst_;
    if (max_keys_ > 0 && buckets_.size() > max_keys_) {
      Forget(*oldest_);
    }
  } else {
    b.tokens = Refilled(b, now);
    Unlink(entry);
  }
  b.updated = now;
  PushNewest(entry);
  if (b.tokens < 1.0) {
    if (retry_after != nullptr) {
      const double wait = per_second_ > 0 ? (1.0 - b.tokens) / per_second_ : 3600.0;
      *retry_after =
          std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait - 1e-6))));
    }
    return false;
  }
  b.tokens -= 1.0;
  return true;
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

std::string RateLimitKey(const std::string& ip) {
  unsigned char bytes[16];
  if (ip.find(':') == std::string::npos || inet_pton(AF_INET6, ip.c_str(), bytes) != 1) {
    return ip;
  }
  // An IPv4-mapped address is the IPv4 address.
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMapped, kMapped + 12, bytes)) {
    char v4[INET_ADDRSTRLEN];
    return inet_ntop(AF_INET, bytes + 12, v4, sizeof v4) != nullptr ? std::string(v4) : ip;
  }
  std::fill(bytes + 8, bytes + 16, 0);
  char text[INET6_ADDRSTRLEN];
  return inet_ntop(AF_INET6, bytes, text, sizeof text) != nullptr ? std::string(text) + "/64" : ip;
}

}  // namespace wpp::http
