// The build sync, rollback and orphan cleanup against a real S3 server with
// scripted faults (run through harness.py; see s3_store_test.cc).

#include <algorithm>
#include <fstream>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "base/strings.h"
#include "publish/orphans.h"
#include "publish/sync.h"
#include "repository/test_build_writer.h"
#include "s3_test_support.h"
#include "testutil/test_db.h"

namespace wpp::s3test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

using Files = std::map<std::string, std::string>;

Files Packages(int n, const std::string& version) {
  Files files;
  for (int i = 0; i < n; ++i) {
    const std::string slug = "plugin-" + std::to_string(i);
    files["p2/wp-plugin/" + slug + ".json"] = "{\"" + slug + "\":\"" + version + "\"}";
    files["p2/wp-plugin/" + slug + "~dev.json"] = "{\"dev\":\"" + slug + "\"}";
  }
  return files;
}

class S3SyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Env("S3_TEST_CONTROL").empty()) << "run through tests/s3/harness.py";
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    bucket_ = "sync-" + base::ToLower(info->name()).substr(0, 40);
    CreateBucket(bucket_);
    store_ = Store(Options(bucket_));
    Proxy::Post("reset");
  }
  void TearDown() override { EXPECT_EQ(Proxy::Rejections(), 0u) << Proxy::Stats().dump(); }

  void WriteBuild(const std::string& id, const Files& files) {
    repository::WriteTestBuild(tmp_.path(), id, files, "{\"build\":\"" + id + "\"}");
  }

  base::Result<publish::SyncReport> Sync(const std::string& id) {
    return publish::SyncBuild(*store_, *db_, base::Clock::Real(), tmp_.path(), id,
                              {.concurrency = 8});
  }

  std::string Remote(const std::string& key) {
    auto bytes = store_->Get(key);
    return bytes ? *bytes : "<" + bytes.error().message() + ">";
  }

  // Index of the last successful PUT of packages.json, and of the last p2 PUT.
  std::pair<long, long> LastPuts() {
    const auto requests = Proxy::Requests();
    long root = -1, p2 = -1;
    for (size_t i = 0; i < requests.size(); ++i) {
      if (requests[i] == "PUT /" + bucket_ + "/packages.json") {
        root = static_cast<long>(i);
      } else if (requests[i].rfind("PUT /" + bucket_ + "/p2/", 0) == 0) {
        p2 = static_cast<long>(i);
      }
    }
    return {root, p2};
  }

  std::string bucket_;
  testutil::TempDir tmp_;
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  std::unique_ptr<objectstore::ObjectStore> store_;
};

TEST_F(S3SyncTest, FailedUploadsKeepTheOldRootAndASecondRunFinishes) {
  WriteBuild("20260101-000000", Packages(30, "1"));
  ASSERT_TRUE(Sync("20260101-000000"));
  WriteBuild("20260102-000000", Packages(30, "2"));
  for (const char* action : {"500", "timeout", "403"}) {
    SCOPED_TRACE(action);
    Proxy::Post("reset");
    // The 5th p2 upload fails on every attempt.
    Proxy::Fault("PUT", "/p2/", 5, 3, action, 2.5);
    auto store_timeout = Options(bucket_);
    store_timeout.timeout = std::chrono::milliseconds(1000);
    store_ = Store(store_timeout);

    auto failed = Sync("20260102-000000");

    ASSERT_FALSE(failed);
    EXPECT_EQ(LastPuts().first, -1) << "packages.json was uploaded by a failed sync";
    EXPECT_EQ(Remote("packages.json"), "{\"build\":\"20260101-000000\"}");
  }
  Proxy::Post("reset");
  store_ = Store(Options(bucket_));
  auto report = Sync("20260102-000000");
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->base_build, "20260101-000000");
  const auto [root, p2] = LastPuts();
  EXPECT_GT(root, p2);
  EXPECT_EQ(Remote("packages.json"), "{\"build\":\"20260102-000000\"}");
  EXPECT_EQ(Remote("p2/wp-plugin/plugin-29.json"), "{\"plugin-29\":\"2\"}");
}

TEST_F(S3SyncTest, OnlyChangedFilesAreSentAndRollbackSyncsTheTargetBack) {
  WriteBuild("20260101-000000", Packages(50, "1"));
  auto first = Sync("20260101-000000");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->uploaded, 100u);
  Files changed = Packages(50, "1");
  changed["p2/wp-plugin/plugin-7.json"] = "{\"plugin-7\":\"2\"}";
  changed["p2/wp-plugin/plugin-9.json"] = "{\"plugin-9\":\"2\"}";
  WriteBuild("20260102-000000", changed);
  Proxy::Post("reset");

  auto second = Sync("20260102-000000");

  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(second->uploaded, 2u);
  EXPECT_THAT(second->published, ElementsAre("wp-plugin/plugin-7", "wp-plugin/plugin-9"));
  const auto requests = Proxy::Requests();
  EXPECT_EQ(std::count_if(requests.begin(), requests.end(),
                          [](const std::string& r) { return r.rfind("PUT ", 0) == 0; }),
            3);

  // Rollback: the old build is synced back, diffed against the newer one.
  Proxy::Post("reset");
  auto rollback = Sync("20260101-000000");
  ASSERT_TRUE(rollback) << rollback.error().message();
  EXPECT_EQ(rollback->base_build, "20260102-000000");
  EXPECT_EQ(rollback->uploaded, 2u);
  EXPECT_EQ(Remote("p2/wp-plugin/plugin-7.json"), "{\"plugin-7\":\"1\"}");
  EXPECT_EQ(Remote("packages.json"), "{\"build\":\"20260101-000000\"}");
}

TEST_F(S3SyncTest, OrphanCleanupDeletesInactivePackagesFiles) {
  ASSERT_TRUE(db_->InTransaction("seed", [&]() -> base::Status {
    SQLite::Statement q(db_->sql(),
                        "INSERT INTO packages (type, name, is_active, deployed_hash, created_at, "
                        "updated_at) VALUES ('plugin', ?, ?, 'h', 'x', 'x')");
    for (int i = 0; i < 40; ++i) {
      q.bind(1, "plugin-" + std::to_string(i));
      q.bind(2, i < 30 ? 0 : 1);
      q.exec();
      q.reset();
    }
    return base::Status::Ok();
  }));
  WriteBuild("20260101-000000", Packages(40, "1"));
  ASSERT_TRUE(Sync("20260101-000000"));  // Also removes the 30 orphans one by one...
  ASSERT_TRUE(db_->Exec("UPDATE packages SET deployed_hash = 'h'"));  // ...so make them again.
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(store_->Put("p2/wp-plugin/plugin-" + std::to_string(i) + ".json", "x", {}));
  }

  auto report = publish::CleanupOrphans(*store_, *db_, base::Clock::Real(), 4);

  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->packages, 30u);
  EXPECT_EQ(report->keys_failed, 0u);
  auto listed = store_->List("p2/wp-plugin/");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 20u);  // Both files of the 10 active packages.
}

}  // namespace
}  // namespace wpp::s3test
