#include "http/rate_limiter.h"

#include <algorithm>
#include <list>
#include <map>
#include <random>

#include "gtest/gtest.h"

namespace wpp::http {
namespace {

class ManualClock final : public base::Clock {
 public:
  TimePoint Now() override { return now_; }
  bool SleepFor(std::chrono::milliseconds d, const std::atomic<bool>*) override {
    now_ += d;
    return true;
  }
  void Advance(std::chrono::milliseconds d) { now_ += d; }

 private:
  TimePoint now_ = base::FromUnixSeconds(1773410400);
};

TEST(RateLimiterTest, BurstThenOneTokenPerInterval) {
  ManualClock clock;
  RateLimiter limiter(clock, 10, 10);  // One token every 6 s.
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(limiter.Allow("10.0.0.1")) << i;
  }
  std::chrono::seconds retry{0};
  EXPECT_FALSE(limiter.Allow("10.0.0.1", &retry));
  EXPECT_EQ(retry.count(), 6);
  EXPECT_TRUE(limiter.Allow("10.0.0.2"));  // Other clients are unaffected.
  clock.Advance(std::chrono::seconds(4));
  EXPECT_FALSE(limiter.Allow("10.0.0.1", &retry));
  EXPECT_EQ(retry.count(), 2);
  clock.Advance(std::chrono::seconds(2));
  EXPECT_TRUE(limiter.Allow("10.0.0.1"));
  EXPECT_FALSE(limiter.Allow("10.0.0.1"));
}

TEST(RateLimiterTest, AFloodOfAddressesKeepsMemoryBoundedAndCannotResetALimitedClient) {
  ManualClock clock;
  RateLimiter limiter(clock, 10, 10, /*max_keys=*/1000);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(limiter.Allow("attacker"));
  }
  ASSERT_FALSE(limiter.Allow("attacker"));
  // Fewer distinct addresses than the bound: the empty bucket survives.
  for (int i = 0; i < 998; ++i) {
    limiter.Allow("flood-" + std::to_string(i));
  }
  EXPECT_FALSE(limiter.Allow("attacker"));
  // A flood far larger than the bound never grows memory past it.
  for (int i = 0; i < 50'000; ++i) {
    limiter.Allow("flood2-" + std::to_string(i));
    ASSERT_LE(limiter.size(), 1000u);
  }
}

TEST(RateLimiterTest, RefilledBucketsAreForgotten) {
  ManualClock clock;
  RateLimiter limiter(clock, 10, 10);
  for (int i = 0; i < 100; ++i) {
    limiter.Allow("idle-" + std::to_string(i));
  }
  EXPECT_EQ(limiter.size(), 100u);
  clock.Advance(std::chrono::seconds(7));  // One token back: each is full again.
  for (int i = 0; i < 60; ++i) {
    limiter.Allow("active");
  }
  EXPECT_EQ(limiter.size(), 1u);
}

// The rules of rate_limiter.h written plainly (a map and a list of keys,
// most recent first), to check the limiter's linked nodes against.
class ModelLimiter {
 public:
  ModelLimiter(double per_minute, double burst, size_t max_keys)
      : per_second_(per_minute / 60), burst_(burst), max_keys_(max_keys) {}
  bool Allow(const std::string& key, base::Clock::TimePoint now) {
    for (int i = 0; i < 2 && !order_.empty(); ++i) {
      const std::string cold = order_.back();
      if (cold == key || Tokens(cold, now) < burst_) {
        break;
      }
      buckets_.erase(cold);
      order_.pop_back();
    }
    if (!buckets_.count(key)) {
      if (buckets_.size() >= max_keys_) {
        buckets_.erase(order_.back());
        order_.pop_back();
      }
      buckets_[key] = {burst_, now};
    } else {
      buckets_[key] = {Tokens(key, now), now};
      order_.remove(key);
    }
    order_.push_front(key);
    auto& [tokens, updated] = buckets_[key];
    if (tokens < 1.0) {
      return false;
    }
    tokens -= 1.0;
    return true;
  }
  size_t size() const { return buckets_.size(); }

 private:
  double Tokens(const std::string& key, base::Clock::TimePoint now) const {
    const auto& [tokens, updated] = buckets_.at(key);
    return std::min(burst_,
                    tokens + std::chrono::duration<double>(now - updated).count() * per_second_);
  }
  double per_second_, burst_;
  size_t max_keys_;
  std::map<std::string, std::pair<double, base::Clock::TimePoint>> buckets_;
  std::list<std::string> order_;
};

TEST(RateLimiterTest, AnswersAsThePlainModelDoes) {
  ManualClock clock;
  RateLimiter limiter(clock, 30, 3, /*max_keys=*/20);
  ModelLimiter model(30, 3, 20);
  std::mt19937 random(11);
  for (int i = 0; i < 20'000; ++i) {
    // A few busy clients among many occasional ones, time moving unevenly.
    const std::string key =
        "10.0.0." + std::to_string(random() % 4 == 0 ? random() % 3 : random() % 60);
    clock.Advance(std::chrono::milliseconds(random() % 3 == 0 ? random() % 4000 : 0));
    ASSERT_EQ(limiter.Allow(key), model.Allow(key, clock.Now())) << i << " " << key;
    ASSERT_EQ(limiter.size(), model.size()) << i;
  }
}

TEST(RateLimitKeyTest, Ipv6CountsAsItsSlash64) {
  EXPECT_EQ(RateLimitKey("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(RateLimitKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(RateLimitKey("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
  EXPECT_EQ(RateLimitKey("::ffff:198.51.100.4"), "198.51.100.4");
  EXPECT_EQ(RateLimitKey("not an address"), "not an address");
  EXPECT_EQ(RateLimitKey(""), "");
}

}  // namespace
}  // namespace wpp::http
