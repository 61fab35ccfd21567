#include "backup/backup.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "backup/zstd_file.h"
#include "base/hash.h"
#include "testutil/fake_clock.h"
#include "testutil/fake_object_store.h"
#include "testutil/test_db.h"

namespace wpp::backup {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::Open(tmp_.file("live.db"));
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(db).value();
    ASSERT_TRUE(db_->Migrate());
    ASSERT_TRUE(db_->Exec("INSERT INTO site_meta (key, value) VALUES ('marker', 'v1')"));
  }

  base::Result<BackupReport> Backup(int retention_days = 7) {
    return BackupDatabase(*db_, store_, clock_, {.prefix = "db", .retention_days = retention_days},
                          tmp_.path());
  }

  base::Result<RestoreReport> Restore(const std::string& output, bool force = false,
                                      const std::string& snapshot = "") {
    return RestoreDatabase(
        store_, {.prefix = "db", .snapshot = snapshot, .output = output, .force = force});
  }

  static std::string Marker(const std::string& path) {
    auto db = db::Database::Open(path);
    std::string value;
    EXPECT_TRUE((*db)->Guard("read", [&] {
      value =
          (*db)->sql().execAndGet("SELECT value FROM site_meta WHERE key = 'marker'").getString();
    }));
    return value;
  }

  testutil::TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  testutil::FakeClock clock_;  // 2026-03-13T14:00:00Z.
  testutil::FakeObjectStore store_;
};

TEST_F(BackupTest, BackupThenRestoreRoundTrips) {
  auto report = Backup();
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->key, "db/2026/03/13/20260313T140000Z.db.zst");
  const auto objects = store_.objects();
  EXPECT_EQ(objects.at(report->key).options.content_type, "application/zstd");
  EXPECT_EQ(objects.at(report->key + ".sha256").bytes,
            report->sha256 + "  20260313T140000Z.db.zst\n");
  EXPECT_THAT(objects.at("db/latest.json").bytes, HasSubstr(report->key));
  EXPECT_EQ(base::Sha256Hex(objects.at(report->key).bytes), report->sha256);
  EXPECT_FALSE(fs::exists(tmp_.file("wppackages-backup-20260313T140000Z.db")));

  auto restored = Restore(tmp_.file("restored/wpp.db"));

  ASSERT_TRUE(restored) << restored.error().message();
  EXPECT_EQ(restored->key, report->key);
  EXPECT_EQ(restored->migrations_applied, 0);
  EXPECT_EQ(Marker(tmp_.file("restored/wpp.db")), "v1");
}

TEST_F(BackupTest, RestoreRefusesToOverwriteWithoutForce) {
  std::ofstream(tmp_.file("existing.db")) << "keep me";

  auto restored = Restore(tmp_.file("existing.db"));

  ASSERT_FALSE(restored);
  EXPECT_EQ(restored.error().code(), base::ErrorCode::kAlreadyExists);
  EXPECT_EQ(restored.error().message(), "database file " + tmp_.file("existing.db") +
                                            " already exists (use --force to overwrite)");
  EXPECT_TRUE(store_.calls().empty());
}

TEST_F(BackupTest, ForceReplacesTheFileAndItsStaleWal) {
  ASSERT_TRUE(Backup());
  std::ofstream(tmp_.file("old.db")) << "old";
  std::ofstream(tmp_.file("old.db-wal")) << "stale wal";

  ASSERT_TRUE(Restore(tmp_.file("old.db"), true));

  EXPECT_EQ(Marker(tmp_.file("old.db")), "v1");
}

TEST_F(BackupTest, ChecksumMismatchLeavesTheExistingFileAlone) {
  auto report = Backup();
  ASSERT_TRUE(report);
  std::string bytes = store_.objects().at(report->key).bytes;
  bytes[bytes.size() / 2] ^= 0x5A;
  store_.Seed(report->key, bytes);
  std::ofstream(tmp_.file("current.db")) << "current";

  auto restored = Restore(tmp_.file("current.db"), true);

  ASSERT_FALSE(restored);
  EXPECT_EQ(restored.error().code(), base::ErrorCode::kDataLoss);
  EXPECT_THAT(restored.error().message(), HasSubstr("checksum mismatch"));
  std::ifstream in(tmp_.file("current.db"));
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "current");
}

TEST_F(BackupTest, SnapshotThatIsNotADatabaseFailsTheIntegrityCheck) {
  std::ofstream(tmp_.file("junk")) << std::string(8192, 'x');
  auto compressed = CompressFile(tmp_.file("junk"));
  ASSERT_TRUE(compressed);
  const std::string key = "db/2026/03/01/20260301T000000Z.db.zst";
  store_.Seed(key, *compressed);
  store_.Seed(key + ".sha256", base::Sha256Hex(*compressed) + "  x\n");

  auto restored = Restore(tmp_.file("out.db"), false, "20260301T000000Z");

  ASSERT_FALSE(restored);
  EXPECT_EQ(restored.error().code(), base::ErrorCode::kDataLoss);
  EXPECT_FALSE(fs::exists(tmp_.file("out.db")));
  EXPECT_FALSE(fs::exists(tmp_.file("out.db.restore-tmp")));
}

TEST_F(BackupTest, RetentionPrunesOldSnapshotsButNeverTheNewest) {
  ASSERT_TRUE(Backup());  // Day 0.
  clock_.Advance(std::chrono::hours(24 * 3));
  ASSERT_TRUE(Backup());  // Day 3.
  clock_.Advance(std::chrono::hours(24 * 6));
  auto report = Backup();  // Day 9: day 0 is older than 7 days.
  ASSERT_TRUE(report);
  EXPECT_EQ(report->pruned, 1);
  auto snapshots = ListSnapshots(store_, "db");
  ASSERT_TRUE(snapshots);
  ASSERT_EQ(snapshots->size(), 2u);
  EXPECT_EQ((*snapshots)[0].key, "db/2026/03/16/20260316T140000Z.db.zst");
  EXPECT_EQ(store_.objects().count("db/2026/03/13/20260313T140000Z.db.zst.sha256"), 0u);

  clock_.Advance(std::chrono::hours(24 * 30));
  auto pruned = PruneSnapshots(store_, clock_, {.prefix = "db", .retention_days = 7});
  ASSERT_TRUE(pruned);
  EXPECT_EQ(*pruned, 1);
  EXPECT_EQ(ListSnapshots(store_, "db")->size(), 1u);  // The newest stays.
}

TEST_F(BackupTest, NewestIsFoundByListingWhenLatestJsonIsGone) {
  ASSERT_TRUE(Backup());
  clock_.Advance(std::chrono::hours(1));
  ASSERT_TRUE(db_->Exec("UPDATE site_meta SET value = 'v2' WHERE key = 'marker'"));
  auto second = Backup();
  ASSERT_TRUE(second);
  ASSERT_TRUE(store_.Delete("db/latest.json"));

  auto restored = Restore(tmp_.file("r.db"));

  ASSERT_TRUE(restored) << restored.error().message();
  EXPECT_EQ(restored->key, second->key);
  EXPECT_EQ(Marker(tmp_.file("r.db")), "v2");
  auto first = Restore(tmp_.file("r1.db"), false, "20260313T140000Z");
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(Marker(tmp_.file("r1.db")), "v1");
}

TEST_F(BackupTest, RestoreMigratesAnOlderSnapshot) {
  auto old_db = db::Database::Open(tmp_.file("old-schema.db"));
  ASSERT_TRUE(old_db);
  ASSERT_TRUE((*old_db)->Migrate({db::EmbeddedMigrations().front()}));
  auto report = BackupDatabase(**old_db, store_, clock_, {}, tmp_.path());
  ASSERT_TRUE(report);

  auto restored = Restore(tmp_.file("migrated.db"));

  ASSERT_TRUE(restored) << restored.error().message();
  EXPECT_EQ(restored->migrations_applied, static_cast<int>(db::EmbeddedMigrations().size()) - 1);
}

// `db restore` hands the restored, migrated database to its own
// bookkeeping (a new change-log epoch, docs/behaviour.md §8.6).
TEST_F(BackupTest, AfterMigrateRunsOnTheRestoredDatabaseAndItsErrorFailsTheRestore) {
  ASSERT_TRUE(Backup());
  std::string seen;
  auto restored = RestoreDatabase(
      store_,
      {.prefix = "db", .output = tmp_.file("restored.db"), .after_migrate = [&](db::Database& db) {
         seen = Marker(db.path());
         return db.Exec(
             "UPDATE site_meta SET value = 'v2'"
             " WHERE key = 'marker'");
       }});
  ASSERT_TRUE(restored) << restored.error().message();
  EXPECT_EQ(seen, "v1");
  EXPECT_EQ(Marker(tmp_.file("restored.db")), "v2");

  auto failed =
      RestoreDatabase(store_, {.prefix = "db",
                               .output = tmp_.file("again.db"),
                               .after_migrate = [](db::Database&) -> base::Status {
                                 return base::Error(base::ErrorCode::kInternal, "bookkeeping");
                               }});
  ASSERT_FALSE(failed);
  EXPECT_THAT(failed.error().message(), HasSubstr("bookkeeping"));
}

TEST(ZstdFileTest, TruncatedInputIsDataLoss) {
  testutil::TempDir tmp;
  std::ofstream(tmp.file("in")) << std::string(100000, 'a') + "tail";
  auto compressed = CompressFile(tmp.file("in"));
  ASSERT_TRUE(compressed);
  auto status = DecompressToFile(std::string_view(*compressed).substr(0, compressed->size() - 4),
                                 tmp.file("out"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), base::ErrorCode::kDataLoss);
  ASSERT_TRUE(DecompressToFile(*compressed, tmp.file("out")));
  EXPECT_EQ(fs::file_size(tmp.file("out")), 100004u);
}

}  // namespace
}  // namespace wpp::backup
