#include "http/rate_limiter.h"

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
