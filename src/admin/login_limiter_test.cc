#include "admin/login_limiter.h"

#include "gtest/gtest.h"

#include "testutil/fake_clock.h"

namespace wpp::admin {
namespace {

TEST(LoginLimiterTest, EightFailuresBlockForFifteenMinutes) {
  testutil::FakeClock clock;
  LoginLimiter limiter(clock, {});
  for (int i = 0; i < 7; ++i) {
    limiter.Failure("k");
  }
  EXPECT_FALSE(limiter.Blocked("k"));
  limiter.Failure("k");
  EXPECT_TRUE(limiter.Blocked("k"));
  EXPECT_FALSE(limiter.Blocked("other"));
  clock.Advance(std::chrono::minutes(15));
  EXPECT_FALSE(limiter.Blocked("k"));
}

TEST(LoginLimiterTest, TheWindowRestartsAndSuccessForgets) {
  testutil::FakeClock clock;
  LoginLimiter limiter(clock, {});
  for (int i = 0; i < 7; ++i) {
    limiter.Failure("k");
  }
  clock.Advance(std::chrono::minutes(16));
  limiter.Failure("k");
  EXPECT_FALSE(limiter.Blocked("k"));
  for (int i = 0; i < 6; ++i) {
    limiter.Failure("k");
  }
  limiter.Success("k");
  limiter.Failure("k");
  EXPECT_FALSE(limiter.Blocked("k"));
  EXPECT_FALSE(limiter.Blocked(""));
  limiter.Failure("");
  EXPECT_EQ(limiter.size(), 1u);
}

TEST(LoginLimiterTest, MemoryIsBoundedWithoutLiftingBlocks) {
  testutil::FakeClock clock;
  LoginLimiter limiter(clock, {.max_failures = 2, .max_keys = 4});
  limiter.Failure("blocked");
  limiter.Failure("blocked");
  for (int i = 0; i < 20; ++i) {
    limiter.Failure("k" + std::to_string(i));
  }
  EXPECT_LE(limiter.size(), 5u);
  EXPECT_TRUE(limiter.Blocked("blocked"));
}

}  // namespace
}  // namespace wpp::admin
