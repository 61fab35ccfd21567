#include "scheduler/run_store.h"

#include "gtest/gtest.h"

#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::scheduler {
namespace {

TEST(RunStoreTest, RemembersLastStartsAndAbandonsRunsOfADeadScheduler) {
  auto db = testutil::OpenTestDatabase();
  testutil::FakeClock clock;
  RunStore store(*db);
  ASSERT_TRUE(store.CheckSchema().ok());
  const auto t0 = clock.Now();
  auto first = store.Start("pipeline", t0, 10);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(store.Finish(*first, t0 + std::chrono::minutes(1), "succeeded", 0, "").ok());
  ASSERT_TRUE(store.Start("pipeline", t0 + std::chrono::minutes(5), 11).ok());  // Never finished.
  ASSERT_TRUE(store.RecordSkipped("pipeline", t0 + std::chrono::minutes(9), "locked").ok());
  ASSERT_TRUE(store.Start("check-status", t0, 12).ok());

  auto last = store.LastStarts();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->at("pipeline"), t0 + std::chrono::minutes(5));  // Skips do not count.
  EXPECT_EQ(last->at("check-status"), t0);

  auto abandoned = store.AbandonRunning(t0 + std::chrono::hours(1));
  ASSERT_TRUE(abandoned.ok());
  EXPECT_EQ(*abandoned, 2);
  auto runs = store.Runs("pipeline");
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 3u);
  EXPECT_EQ((*runs)[0].status, "succeeded");
  EXPECT_EQ((*runs)[1].status, "abandoned");
  EXPECT_EQ((*runs)[2].status, "skipped");
  EXPECT_EQ((*runs)[2].error, "locked");

  ASSERT_TRUE(store.Prune(t0 + std::chrono::minutes(6)).ok());
  EXPECT_EQ(store.Runs()->size(), 1u);  // Only the skip at +9 min is left.
}

}  // namespace
}  // namespace wpp::scheduler
