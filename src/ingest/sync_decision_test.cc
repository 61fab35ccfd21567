#include "ingest/sync_decision.h"

#include <chrono>

#include "gtest/gtest.h"

namespace wpp::ingest {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const base::Clock::TimePoint kNow = base::FromUnixSeconds(1773410400);

std::optional<std::string> Ago(std::chrono::seconds d) {
  return base::FormatRfc3339(kNow - d);
}

// UPD-01 … UPD-11 (the reference cases of docs/behaviour.md §5.4).
TEST(DecideSyncTest, ReferenceCases) {
  EXPECT_EQ(DecideSync(true, false, false, Ago(minutes(5)), kNow), SyncDecision::kAdvance);
  EXPECT_EQ(DecideSync(false, false, false, Ago(minutes(10)), kNow), SyncDecision::kRetry);
  EXPECT_EQ(DecideSync(false, false, false, Ago(hours(25)), kNow), SyncDecision::kExpire);
  EXPECT_EQ(DecideSync(false, false, false, std::nullopt, kNow), SyncDecision::kExpire);
  EXPECT_EQ(DecideSync(false, false, false, Ago(hours(24)), kNow), SyncDecision::kRetry);
  EXPECT_EQ(DecideSync(false, false, false, Ago(hours(24) + seconds(1)), kNow),
            SyncDecision::kExpire);
  EXPECT_EQ(DecideSync(true, true, true, Ago(minutes(5)), kNow), SyncDecision::kRetry);
  EXPECT_EQ(DecideSync(false, true, true, Ago(hours(72)), kNow), SyncDecision::kRetry);
  EXPECT_EQ(DecideSync(false, true, true, Ago(hours(24 * 7) + seconds(1)), kNow),
            SyncDecision::kExpire);
  EXPECT_EQ(DecideSync(true, true, false, Ago(hours(25)), kNow), SyncDecision::kAdvance);
  EXPECT_EQ(DecideSync(true, true, false, Ago(minutes(10)), kNow), SyncDecision::kRetry);
}

TEST(DecideSyncTest, EmptyLastCommittedCountsAsUnknown) {
  EXPECT_EQ(DecideSync(false, false, false, std::string(), kNow), SyncDecision::kExpire);
}

}  // namespace
}  // namespace wpp::ingest
