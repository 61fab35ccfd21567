#include "publish/orphans.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "testutil/fake_clock.h"
#include "testutil/fake_object_store.h"
#include "testutil/test_db.h"

namespace wpp::publish {
namespace {

using Op = testutil::FakeObjectStore::Op;

class OrphansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_->InTransaction("seed", [&]() -> base::Status {
      SQLite::Statement q(db_->sql(),
                          "INSERT INTO packages (type, name, is_active, deployed_hash, created_at, "
                          "updated_at) VALUES ('plugin', ?, ?, ?, 'x', 'x')");
      for (int i = 0; i < 1200; ++i) {
        const std::string name = "p" + std::to_string(i);
        q.bind(1, name);
        q.bind(2, i % 2 == 0 ? 0 : 1);  // Every even package is closed.
        q.bind(3, "h");
        q.exec();
        q.reset();
        store_.Seed("p2/wp-plugin/" + name + ".json", "x");
        store_.Seed("p2/wp-plugin/" + name + "~dev.json", "x");
      }
      return base::Status::Ok();
    }));
  }

  int Count(const std::string& sql) {
    int n = -1;
    EXPECT_TRUE(db_->Guard("count", [&] { n = db_->sql().execAndGet(sql).getInt(); }));
    return n;
  }

  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  testutil::FakeClock clock_;
  testutil::FakeObjectStore store_;
};

TEST_F(OrphansTest, DeletesBothKeysOfInactivePackagesInBatches) {
  auto report = CleanupOrphans(store_, *db_, clock_, 4);

  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->packages, 600u);
  EXPECT_EQ(report->keys_deleted, 1200u);
  EXPECT_EQ(report->keys_failed, 0u);
  EXPECT_EQ(store_.Succeeded(Op::kDeleteMany), 2);  // 500 + 100 packages.
  EXPECT_EQ(store_.objects().size(), 1200u);        // The active packages' files.
  EXPECT_EQ(store_.objects().count("p2/wp-plugin/p0.json"), 0u);
  EXPECT_EQ(
      Count("SELECT count(*) FROM packages WHERE is_active = 0 AND deployed_hash IS NOT NULL"), 0);
}

TEST_F(OrphansTest, AFailedBatchKeepsItsPackagesForTheNextRun) {
  store_.FailNth(Op::kDeleteMany, 1, testutil::FakeObjectStore::Timeout());

  auto report = CleanupOrphans(store_, *db_, clock_, 1);

  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->keys_failed, 1000u);
  EXPECT_EQ(report->keys_deleted, 200u);
  EXPECT_EQ(
      Count("SELECT count(*) FROM packages WHERE is_active = 0 AND deployed_hash IS NOT NULL"),
      500);

  auto again = CleanupOrphans(store_, *db_, clock_, 1);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->packages, 500u);
  EXPECT_EQ(again->keys_failed, 0u);
  EXPECT_EQ(
      Count("SELECT count(*) FROM packages WHERE is_active = 0 AND deployed_hash IS NOT NULL"), 0);
}

}  // namespace
}  // namespace wpp::publish
