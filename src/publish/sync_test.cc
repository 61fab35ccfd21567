#include "publish/sync.h"

#include <fstream>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "repository/test_build_writer.h"
#include "testutil/fake_clock.h"
#include "testutil/fake_object_store.h"
#include "testutil/test_db.h"

namespace wpp::publish {
namespace {

namespace fs = std::filesystem;
using Op = testutil::FakeObjectStore::Op;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using Files = std::map<std::string, std::string>;

class SyncTest : public ::testing::Test {
 protected:
  // Writes builds/<id>/ with packages.json, manifest.json and `files`.
  void WriteBuild(const std::string& id, const Files& files, const std::string& root = "{}") {
    repository::WriteTestBuild(tmp_.path(), id, files, root);
  }

  base::Result<SyncReport> Sync(const std::string& id) {
    return SyncBuild(store_, *db_, clock_, tmp_.path(), id, SyncOptions{.concurrency = 4});
  }

  std::vector<std::string> PutKeys() {
    std::vector<std::string> keys;
    for (const auto& call : store_.calls()) {
      if (call.op == Op::kPut && call.ok) {
        keys.push_back(call.key);
      }
    }
    return keys;
  }

  std::string Query(const std::string& sql) {
    std::string out;
    EXPECT_TRUE(db_->Guard("query", [&] {
      SQLite::Statement q(db_->sql(), sql);
      if (q.executeStep() && !q.getColumn(0).isNull()) {
        out = q.getColumn(0).getString();
      }
    }));
    return out;
  }

  void AddPackage(const std::string& name, bool active, const char* content, const char* deployed) {
    ASSERT_TRUE(db_->Guard("insert", [&] {
      SQLite::Statement q(db_->sql(),
                          "INSERT INTO packages (type, name, is_active, content_hash, "
                          "deployed_hash, created_at, updated_at) VALUES ('plugin', ?, ?, ?, ?, "
                          "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
      q.bind(1, name);
      q.bind(2, active ? 1 : 0);
      content ? q.bind(3, content) : q.bind(3);
      deployed ? q.bind(4, deployed) : q.bind(4);
      q.exec();
    }));
  }

  testutil::TempDir tmp_;
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  testutil::FakeClock clock_;
  testutil::FakeObjectStore store_;
};

const Files kBuildA = {{"p2/wp-plugin/a.json", "A1"},
                       {"p2/wp-plugin/a~dev.json", "A1dev"},
                       {"p2/wp-plugin/b.json", "B1"},
                       {"p2/wp-theme/t.json", "T1"}};

TEST_F(SyncTest, FirstSyncUploadsEveryFileWithHeadersAndPackagesJsonLast) {
  WriteBuild("20260101-000000", kBuildA, R"({"packages":[]})");

  auto report = Sync("20260101-000000");

  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->base_build, "");
  EXPECT_EQ(report->uploaded, 4u);
  EXPECT_THAT(report->published, ElementsAre("wp-plugin/a", "wp-plugin/b", "wp-theme/t"));
  const auto puts = PutKeys();
  ASSERT_EQ(puts.size(), 5u);
  EXPECT_EQ(puts.back(), "packages.json");
  const auto objects = store_.objects();
  EXPECT_EQ(objects.at("packages.json").bytes, R"({"packages":[]})");
  EXPECT_EQ(objects.at("p2/wp-plugin/a~dev.json").options.content_type, "application/json");
  EXPECT_EQ(objects.at("p2/wp-plugin/a~dev.json").options.cache_control, "public, max-age=300");
  EXPECT_EQ(objects.count("manifest.json"), 0u);
  EXPECT_NE(Query("SELECT r2_synced_at FROM builds WHERE id = '20260101-000000'"), "");
}

TEST_F(SyncTest, SecondSyncUploadsOnlyChangedFiles) {
  WriteBuild("20260101-000000", kBuildA);
  ASSERT_TRUE(Sync("20260101-000000"));
  Files b = kBuildA;
  b["p2/wp-plugin/b.json"] = "B2";
  b["p2/wp-plugin/new~dev.json"] = "N1";
  WriteBuild("20260102-000000", b);  // Unchanged files share their blobs.
  store_.ClearCalls();

  auto report = Sync("20260102-000000");

  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->base_build, "20260101-000000");
  EXPECT_EQ(report->unchanged, 3u);
  EXPECT_THAT(PutKeys(),
              ElementsAre(::testing::AnyOf("p2/wp-plugin/b.json", "p2/wp-plugin/new~dev.json"),
                          ::testing::AnyOf("p2/wp-plugin/b.json", "p2/wp-plugin/new~dev.json"),
                          "packages.json"));
  EXPECT_THAT(report->published, ElementsAre("wp-plugin/b", "wp-plugin/new"));
}

TEST_F(SyncTest, FailedUploadKeepsPackagesJsonBackAndARerunFinishes) {
  WriteBuild("20260101-000000", kBuildA, "{\"v\":1}");
  ASSERT_TRUE(Sync("20260101-000000"));
  Files b;
  for (int i = 0; i < 20; ++i) {
    b["p2/wp-plugin/p" + std::to_string(i) + ".json"] = "x";
  }
  WriteBuild("20260102-000000", b, "{\"v\":2}");
  store_.ClearCalls();
  store_.FailNth(Op::kPut, 3, testutil::FakeObjectStore::Timeout(), 3);

  auto failed = Sync("20260102-000000");

  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code(), base::ErrorCode::kUnavailable);
  EXPECT_EQ(store_.objects().at("packages.json").bytes, "{\"v\":1}");
  EXPECT_EQ(Query("SELECT r2_synced_at FROM builds WHERE id = '20260102-000000'"), "");

  store_.Heal();
  auto report = Sync("20260102-000000");
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->base_build, "20260101-000000");
  EXPECT_EQ(store_.objects().at("packages.json").bytes, "{\"v\":2}");
  EXPECT_EQ(store_.objects().count("p2/wp-plugin/p19.json"), 1u);
}

TEST_F(SyncTest, RefusedCredentialsFailBeforeAnythingIsPublished) {
  WriteBuild("20260101-000000", kBuildA);
  store_.FailAll(Op::kPut, testutil::FakeObjectStore::Forbidden());

  auto report = Sync("20260101-000000");

  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code(), base::ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_.objects().count("packages.json"), 0u);
}

TEST_F(SyncTest, BucketThatLostItsPackagesJsonGetsEverythingAgain) {
  WriteBuild("20260101-000000", kBuildA);
  ASSERT_TRUE(Sync("20260101-000000"));
  ASSERT_TRUE(store_.Delete("packages.json"));
  store_.ClearCalls();

  auto report = Sync("20260101-000000");

  ASSERT_TRUE(report);
  EXPECT_EQ(report->base_build, "");
  EXPECT_EQ(report->uploaded, 4u);
}

TEST_F(SyncTest, OrphansAreDeletedAndActiveRowsStamped) {
  AddPackage("live", true, "h1", nullptr);
  AddPackage("closed", false, "h2", "h2");
  AddPackage("stuck", false, "h3", "h3");
  for (const char* key :
       {"p2/wp-plugin/closed.json", "p2/wp-plugin/closed~dev.json", "p2/wp-plugin/stuck.json"}) {
    store_.Seed(key, "old");
  }
  WriteBuild("20260101-000000", {{"p2/wp-plugin/live.json", "L"}});
  // The first delete of "stuck" fails: its deployed_hash stays for a retry.
  store_.FailNth(Op::kDelete, 3, testutil::FakeObjectStore::Timeout());

  auto report = Sync("20260101-000000");

  ASSERT_TRUE(report) << report.error().message();
  EXPECT_THAT(report->removed, ElementsAre("wp-plugin/closed"));
  EXPECT_EQ(store_.objects().count("p2/wp-plugin/closed.json"), 0u);
  EXPECT_EQ(Query("SELECT deployed_hash FROM packages WHERE name = 'live'"), "h1");
  EXPECT_EQ(Query("SELECT deployed_hash FROM packages WHERE name = 'closed'"), "");
  EXPECT_EQ(Query("SELECT deployed_hash FROM packages WHERE name = 'stuck'"), "h3");
}

TEST_F(SyncTest, InvalidBuildIsRefusedBeforeAnyRequest) {
  WriteBuild("20260101-000000", kBuildA);
  fs::remove(tmp_.path() / "builds/20260101-000000/manifest.json");

  auto report = Sync("20260101-000000");

  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code(), base::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(report.error().message(), "invalid build 20260101-000000: manifest.json missing");
  EXPECT_THAT(store_.calls(), IsEmpty());
}

TEST(PackageNameOfKeyTest, StripsPrefixSuffixAndDev) {
  EXPECT_EQ(PackageNameOfKey("p2/wp-plugin/akismet~dev.json"), "wp-plugin/akismet");
  EXPECT_EQ(PackageNameOfKey("p2/wp-theme/astra.json"), "wp-theme/astra");
  EXPECT_EQ(PackageNameOfKey("packages.json"), "");
}

}  // namespace
}  // namespace wpp::publish
