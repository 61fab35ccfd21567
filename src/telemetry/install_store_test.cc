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

TEST(ParseNotifyBatchTest, ValidatesTheWholeBodyAndTakesARepeatedMemberLast) {
  const std::string one = R"({"downloads":[{"name":"wp-plugin/a","version":"1"}]})";
  EXPECT_FALSE(ParseNotifyBatch(one + " x"));
  EXPECT_FALSE(ParseNotifyBatch(R"({"downloads":[{"name":"wp-plugin/)"
                                "\xff"
                                R"(","version":"1"}]})"));
  EXPECT_FALSE(ParseNotifyBatch(std::string(R"({"downloads":[{"name":"wp-plugin/)") + "\xc3" +
                                R"(","version":"1"}]})"));
  EXPECT_FALSE(
      ParseNotifyBatch(R"({"downloads":[{"name":"wp-plugin/a","version":"1"}],"other":tru})"));

  auto repeated = ParseNotifyBatch(
      R"({"downloads":7,"downloads":[{"name":"wp-plugin/a","name":"wp-plugin/b","version":"2"}]})");

  ASSERT_TRUE(repeated);
  ASSERT_EQ(repeated->size(), 1u);
  EXPECT_EQ((*repeated)[0].name, "wp-plugin/b");
  EXPECT_EQ((*repeated)[0].version, "2");
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

TEST_F(InstallStoreTest, AStoreMadeLaterKnowsTheKeysItsWindowStored) {
  ASSERT_TRUE(store_.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.9", "UA"));
  clock_.Advance(std::chrono::minutes(30));
  InstallStore restarted(*db_, clock_, "", 3600);

  auto again = restarted.Record({{"wp-plugin/akismet", "5.3.0.0"}, {"wp-theme/astra", "4.0.0.0"}},
                                "203.0.113.9", "UA");

  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(again->duplicates, 1);
  EXPECT_EQ(again->recorded, 1);
  EXPECT_EQ(Events(), 2);
}

TEST_F(InstallStoreTest, AFailedWriteLeavesItsInstallsUncounted) {
  ASSERT_TRUE(db_->Exec("CREATE TRIGGER planted BEFORE INSERT ON install_events "
                        "BEGIN SELECT RAISE(ABORT, 'planted failure'); END")
                  .ok());
  EXPECT_FALSE(store_.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.9", "UA"));
  ASSERT_TRUE(db_->Exec("DROP TRIGGER planted").ok());

  // The retry stores it: the failed write's key was not kept as seen.
  auto retry = store_.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.9", "UA");

  ASSERT_TRUE(retry) << retry.error().message();
  EXPECT_EQ(retry->recorded, 1);
  EXPECT_EQ(Events(), 1);
}

TEST_F(InstallStoreTest, AFullWindowCountsNothingNewUntilTheNext) {
  InstallStore small(*db_, clock_, "", 3600, 2);
  auto first = small.Record({{"wp-plugin/akismet", "5.3.0.0"},
                             {"wp-plugin/akismet", "dev-trunk"},
                             {"wp-theme/astra", "4.0.0.0"}},
                            "203.0.113.9", "UA");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->recorded, 2);
  EXPECT_EQ(first->window_full, 1);
  // What the window holds is still known as a duplicate.
  auto repeat = small.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.9", "UA");
  ASSERT_TRUE(repeat);
  EXPECT_EQ(repeat->duplicates, 1);

  clock_.Advance(std::chrono::hours(1));
  auto next = small.Record({{"wp-theme/astra", "4.0.0.0"}}, "203.0.113.9", "UA");

  ASSERT_TRUE(next);
  EXPECT_EQ(next->recorded, 1);
  EXPECT_EQ(Events(), 3);
}

TEST_F(InstallStoreTest, DedupeKeyIsKeyedNotPlainSha256) {
  ASSERT_TRUE(store_.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.9", "UA"));

  const std::string stored =
      db_->sql().execAndGet("SELECT dedupe_key FROM install_events").getString();
  const std::string secret =
      db_->sql().execAndGet("SELECT value FROM site_meta WHERE key='telemetry_secret'").getString();
  const std::string ua = base::Sha256Hex("UA");

  EXPECT_EQ(secret.size(), 64u);
  EXPECT_EQ(stored.size(), kDedupeKeyBytes);
  EXPECT_NE(stored, DedupeKey(base::Sha256Hex("203.0.113.9"), 1, "5.3.0.0", ua));
  EXPECT_EQ(stored, DedupeKey(base::HmacSha256Hex(secret, "203.0.113.9"), 1, "5.3.0.0", ua));
  // Nothing about the client is stored but that key.
  EXPECT_EQ(db_->sql()
                .execAndGet("SELECT COUNT(*) FROM pragma_table_info('install_events') "
                            "WHERE name IN ('ip_hash', 'user_agent_hash')")
                .getInt(),
            0);
}

TEST_F(InstallStoreTest, DevVersionsAreNoFreePassAndLengthsAreBounded) {
  auto counts = store_.Record({{"wp-plugin/akismet", "dev-" + std::string(1 << 20, 'x')},
                               {"wp-plugin/akismet", "dev-master"},
                               {"wp-plugin/" + std::string(300, 'a'), "5.3.0.0"},
                               {"wp-plugin/akismet", std::string(65, '5')},
                               {"wp-plugin/akismet", "dev-trunk"}},
                              "203.0.113.7", "Composer/2.5");

  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->recorded, 1);
  EXPECT_EQ(counts->rejected, 4);
  EXPECT_EQ(db_->sql().execAndGet("SELECT MAX(LENGTH(version)) FROM install_events").getInt(), 9);
}

TEST_F(InstallStoreTest, ManyBatchesCommitTogetherWithTheirOwnClients) {
  const std::vector<Batch> batches = {
      {{{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.1", "a"},
      {{{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.2", "a"},
      {{{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.1", "a"},  // Same client: duplicate.
      {{{"wp-theme/astra", "4.0.0.0"}, {"wp-theme/nope", "1"}}, "203.0.113.1", "b"}};

  auto counts = store_.RecordBatches(batches);

  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->recorded, 3);
  EXPECT_EQ(counts->duplicates, 1);
  EXPECT_EQ(counts->rejected, 1);
  EXPECT_EQ(Events(), 3);
  EXPECT_EQ(db_->sql().execAndGet("SELECT COUNT(DISTINCT dedupe_key) FROM install_events").getInt(),
            3);
}

// A group larger than the biggest multi-row statement, with a duplicate in
// the same statement and one already stored: each is counted once.
TEST_F(InstallStoreTest, LargeGroupsSplitIntoStatementsAndCountEveryRow) {
  ASSERT_TRUE(store_.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "198.51.100.0", "a"));
  std::vector<Batch> batches;
  for (int i = 0; i < 203; ++i) {
    batches.push_back({{{"wp-plugin/akismet", "5.3.0.0"}}, "198.51.100." + std::to_string(i), "a"});
  }
  batches.push_back({{{"wp-plugin/akismet", "5.3.0.0"}}, "198.51.100.7", "a"});

  auto counts = store_.RecordBatches(batches);

  ASSERT_TRUE(counts) << counts.error().message();
  EXPECT_EQ(counts->recorded, 202);
  EXPECT_EQ(counts->duplicates, 2);
  EXPECT_EQ(Events(), 203);
  EXPECT_EQ(
      db_->sql().execAndGet("SELECT MIN(id) || '-' || MAX(id) FROM install_events").getString(),
      "1-203");
}

// The writer skips the foreign-key check on its own connection only while
// it exists: the connection goes back to its pool as it came.
TEST_F(InstallStoreTest, ForeignKeysAreCheckedAgainOnceTheWriterIsGone) {
  {
    InstallStore writer(*db_, clock_, "", 3600);
    ASSERT_TRUE(writer.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.1", "a"));
    EXPECT_EQ(db_->sql().execAndGet("PRAGMA foreign_keys").getInt(), 0);
  }
  EXPECT_EQ(db_->sql().execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(Events(), 1);
}

TEST_F(InstallStoreTest, NewVersionsAreSeenWithinAMinute) {
  ASSERT_TRUE(store_.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113.1", "a"));
  ASSERT_TRUE(db_->Exec("UPDATE packages SET versions_json = '{\"5.3\":\"u\",\"5.4\":\"u\"}' "
                        "WHERE name = 'akismet'")
                  .ok());
  auto before = store_.Record({{"wp-plugin/akismet", "5.4.0.0"}}, "203.0.113.1", "a");
  clock_.Advance(std::chrono::seconds(61));
  auto after = store_.Record({{"wp-plugin/akismet", "5.4.0.0"}}, "203.0.113.1", "a");

  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->rejected, 1);  // Cached versions, read at most once a minute.
  EXPECT_EQ(after->recorded, 1);
}

// Regression: a lookup statement left on its row kept a read snapshot
// open across COMMIT, so after any other connection wrote, every later
// group commit failed at once with "database is locked" (and was lost).
TEST(InstallStoreSharedFileTest, AWriteByAnotherConnectionDoesNotBlockTheNextCommit) {
  testutil::TempDir dir;
  auto writer = db::Database::Open(dir.file("wpp.db")).value();
  ASSERT_TRUE(writer->Migrate());
  ASSERT_TRUE(writer
                  ->Exec("INSERT INTO packages (type, name, versions_json, is_active, created_at, "
                         "updated_at) VALUES ('plugin', 'akismet', '{\"5.3\":\"u\"}', 1, 'x', 'x')")
                  .ok());
  auto other = db::Database::Open(dir.file("wpp.db")).value();
  testutil::FakeClock clock;
  InstallStore store(*writer, clock, "", 3600);

  for (int i = 0; i < 3; ++i) {
    auto counts = store.Record({{"wp-plugin/akismet", "5.3.0.0"}}, "203.0.113." + std::to_string(i),
                               "Composer/2.5.5");
    ASSERT_TRUE(counts) << "batch " << i << ": " << counts.error().message();
    EXPECT_EQ(counts->recorded, 1);
    ASSERT_TRUE(other->Exec("UPDATE packages SET updated_at = 'y" + std::to_string(i) + "'").ok());
  }
}

}  // namespace
}  // namespace wpp::telemetry
