#include "base/clock.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"

#include "testutil/fake_clock.h"

namespace wpp::base {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Far longer than any test may take: a wait that is not cut short fails the
// test by time-out rather than by a timing threshold.
constexpr milliseconds kForever{10 * 60 * 1000};
// Generous bound on how long a stop request may take to be noticed.
constexpr auto kPrompt = std::chrono::seconds(5);

TEST(RealClockTest, WaitsTheWholeDurationWithoutAStopRequest) {
  std::atomic<bool> stop{false};
  const auto start = steady_clock::now();
  EXPECT_TRUE(Clock::Real().SleepFor(milliseconds(30), &stop));
  EXPECT_GE(steady_clock::now() - start, milliseconds(30));
  Clock::Real().SleepFor(milliseconds(1));  // The uninterruptible form.
}

TEST(RealClockTest, ReturnsAtOnceWhenStopIsAlreadyRequested) {
  std::atomic<bool> stop{true};
  const auto start = steady_clock::now();
  EXPECT_FALSE(Clock::Real().SleepFor(kForever, &stop));
  EXPECT_LT(steady_clock::now() - start, kPrompt);
}

TEST(RealClockTest, AStopRequestFromAnotherThreadCutsTheWaitShort) {
  std::atomic<bool> stop{false};
  std::atomic<bool> waiting{false};
  std::thread stopper([&] {
    while (!waiting.load()) {
      std::this_thread::yield();
    }
    stop.store(true);
  });
  const auto start = steady_clock::now();
  waiting.store(true);
  const bool completed = Clock::Real().SleepFor(kForever, &stop);
  const auto elapsed = steady_clock::now() - start;
  stopper.join();
  EXPECT_FALSE(completed);
  EXPECT_LT(elapsed, kPrompt);
}

TEST(FakeClockTest, AdvancesVirtualTimeAndRecordsEachWait) {
  testutil::FakeClock clock;
  const auto start = clock.Now();
  std::atomic<bool> stop{false};
  EXPECT_TRUE(clock.SleepFor(milliseconds(1500), &stop));
  clock.SleepFor(milliseconds(500));
  EXPECT_EQ(clock.Now() - start, milliseconds(2000));
  EXPECT_EQ(clock.sleeps(), (std::vector<milliseconds>{milliseconds(1500), milliseconds(500)}));
}

TEST(FakeClockTest, AStoppedWaitReturnsAtOnceWithoutMovingTime) {
  testutil::FakeClock clock;
  const auto start = clock.Now();
  std::atomic<bool> stop{true};
  EXPECT_FALSE(clock.SleepFor(kForever, &stop));
  EXPECT_EQ(clock.Now(), start);
}

TEST(FakeClockTest, TheOnSleepHookCanRequestAStopDuringTheWait) {
  testutil::FakeClock clock;
  const auto start = clock.Now();
  std::atomic<bool> stop{false};
  clock.set_on_sleep([&](milliseconds) {
    // Set from another thread, as a signal or a shutdown would.
    std::thread([&] { stop.store(true); }).join();
  });
  EXPECT_FALSE(clock.SleepFor(kForever, &stop));
  EXPECT_EQ(clock.Now(), start);
  EXPECT_EQ(clock.sleeps().size(), 1u);
}

}  // namespace
}  // namespace wpp::base

namespace wpp::base {
namespace {

TEST(ClockParseTest, Rfc3339AndBuildIdsRoundTrip) {
  const Clock::TimePoint t = FromUnixSeconds(1773410400);
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(t)), t);
  EXPECT_EQ(ParseBuildId(FormatBuildId(t)), t);
  EXPECT_EQ(ParseRfc3339("2026-03-13T14:00:00"), std::nullopt);
  EXPECT_EQ(ParseRfc3339("2026-03-13T14:00:00Zx"), std::nullopt);
  EXPECT_EQ(ParseBuildId("20260313-1400"), std::nullopt);
  EXPECT_EQ(ParseBuildId("20261313-140000"), std::nullopt);
}

}  // namespace
}  // namespace wpp::base
