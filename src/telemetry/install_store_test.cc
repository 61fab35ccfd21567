#include "telemetry/install_store.h"

#include "gtest/gtest.h"

#include "base/hash.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::telemetry {
namespace {

class InstallStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        db_->Exec("INSERT INTO packages (type, name, versions_json, is_active, created_at, "
                  "updated_at) VALUES "
                  "('plugin', 'akismet', '{\"5.3\":\"u\",\"dev-trunk\":\"t\"}', 1, 'x', 'x'),"
                  "('plugin', 'gone', '{\"1.0\":\"u\"}', 0, 'x', 'x'),"
                  "('theme', 'astra', '{\"4.0.0\":\"u\"}', 1, 'x', 'x')")
            .ok());
  }
  int Events() { return db_->sql().execAndGet("SELECT COUNT(*) FROM install_events").getInt(); }

  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  testutil::FakeClock clock_;
  InstallStore store_{*db_, clock_, "", 3600};
};

TEST(ParseNotifyBatchTest, ReadsDownloadsAndCapsAtOneHundred) {
  std::string body = R"({"downloads":[)";
  for (int i = 0; i < 150; ++i) {
    body += std::string(i ? "," : "") + R"({"name":"wp-plugin/a","version":"1.0.0.0"})";
  }
  body += "]}";

  auto parsed = ParseNotifyBatch(body);

  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->size(), 100u);
  EXPECT_EQ((*parsed)[0].name, "wp-plugin/a");
}

TEST(ParseNotifyBatchTest, RejectsMalformedBodies) {
  for (const char* body : {"", "{", "[]", R"({"downloads":5})", "\xff\xfe"}) {
    EXPECT_FALSE(ParseNotifyBatch(body)) << body;
  }
  auto mixed = ParseNotifyBatch(R"({"downloads":[1,{"name":2},{"name":"a","version":""},
      {"name":"wp-plugin/x","version":"1"}]})");
  ASSERT_TRUE(mixed);
  EXPECT_EQ(mixed->size(), 1u);
}

TEST_F(InstallStoreTest, RecordsKnownVersionsOnly) {
  auto counts = store_.Record({{"wp-plugin/akismet", "5.3.0.0"},
                               {"wp-plugin/akismet", "9.9.9.9"},
                               {"wp-plugin/akismet", "dev-trunk"},
                               {"wp-plugin/gone", "1.0.0.0"},
                               {"wp-plugin/nope", "1.0.0.0"},
                               {"wp-other/akismet", "5.3.0.0"},
                               {"wp-theme/astra", "4.0.0.0"}},
                              "203.0.113.9", "Composer/2.5.5");

  ASSERT_TRUE(counts) << counts.error().message();
  EXPECT_EQ(counts->recorded, 3);
  EXPECT_EQ(counts->rejected, 4);
  EXPECT_EQ(Events(), 3);
}

TEST_F(InstallStoreTest, DeduplicatesWithinABucketButNotAcross) {
  ASSERT_TRUE(store_.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.9", "UA"));
  auto again = store_.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.9", "UA");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->duplicates, 1);
  EXPECT_EQ(Events(), 1);

  clock_.Advance(std::chrono::hours(1));
  ASSERT_TRUE(store_.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.9", "UA"));

  EXPECT_EQ(Events(), 2);
}

TEST_F(InstallStoreTest, IpHashIsKeyedNotPlainSha256) {
  ASSERT_TRUE(store_.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.9", "UA"));

  const std::string stored =
      db_->sql().execAndGet("SELECT ip_hash FROM install_events").getString();
  const std::string secret =
      db_->sql().execAndGet("SELECT value FROM site_meta WHERE key='telemetry_secret'").getString();

  EXPECT_EQ(secret.size(), 64u);
  EXPECT_NE(stored, base::Sha256Hex("203.0.113.9"));
  EXPECT_EQ(stored, base::HmacSha256Hex(secret, "203.0.113.9"));
}

}  // namespace
}  // namespace wpp::telemetry
