#include "db/database.h"

#include <unistd.h>

#include <filesystem>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wpp::db {
namespace {

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wpp_db_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Database> OpenFresh() {
    auto db = Database::Open((dir_ / "nested" / "wpp.db").string());
    EXPECT_TRUE(db) << db.error().message();
    return std::move(db).value();
  }

  std::set<std::string> Tables(Database& db) {
    std::set<std::string> names;
    SQLite::Statement q(db.sql(), "SELECT name FROM sqlite_master WHERE type='table'");
    while (q.executeStep()) {
      names.insert(q.getColumn(0).getString());
    }
    return names;
  }

  std::filesystem::path dir_;
};

TEST_F(DatabaseTest, OpenCreatesParentDirectoryAndUsesWal) {
  auto db = OpenFresh();

  EXPECT_EQ(db->sql().execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db->sql().execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(db->sql().execAndGet("PRAGMA busy_timeout").getInt(), 5000);
  EXPECT_EQ(db->sql().execAndGet("PRAGMA synchronous").getInt(), 1);  // NORMAL
  EXPECT_TRUE(std::filesystem::exists(dir_ / "nested" / "wpp.db"));
}

TEST_F(DatabaseTest, FreshMigrationCreatesEveryTable) {
  auto db = OpenFresh();

  auto applied = db->Migrate();

  ASSERT_TRUE(applied) << applied.error().message();
  EXPECT_EQ(*applied, static_cast<int>(EmbeddedMigrations().size()));
  const auto tables = Tables(*db);
  for (const char* t :
       {"users", "sessions", "packages", "install_events", "sync_runs", "builds", "package_stats",
        "packages_fts", "site_meta", "metadata_changes", "monthly_installs", "status_checks",
        "status_check_changes", "closure_events", "package_versions"}) {
    EXPECT_TRUE(tables.count(t)) << t;
  }
  EXPECT_EQ(db->sql().execAndGet("SELECT COUNT(*) FROM package_stats").getInt(), 1);
}

TEST_F(DatabaseTest, RerunningMigrateChangesNothing) {
  auto db = OpenFresh();
  ASSERT_TRUE(db->Migrate());
  const auto before =
      db->sql().execAndGet("SELECT group_concat(sql, ';') FROM sqlite_master").getString();

  auto again = db->Migrate();

  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(db->sql().execAndGet("SELECT group_concat(sql, ';') FROM sqlite_master").getString(),
            before);
  EXPECT_EQ(db->sql().execAndGet("SELECT COUNT(*) FROM closure_events").getInt(), 6);
}

TEST_F(DatabaseTest, HistoricalClosuresAreSeeded) {
  auto db = OpenFresh();
  ASSERT_TRUE(db->Migrate());

  EXPECT_EQ(db->sql().execAndGet("SELECT SUM(plugin_count) FROM closure_events").getInt(), 130);
  EXPECT_EQ(
      db->sql()
          .execAndGet("SELECT plugin_slugs FROM closure_events WHERE vendor_slug='wbw-plugins'")
          .getString(),
      R"(["woo-currency","woo-product-filter","woo-product-tables"])");
  EXPECT_EQ(db->sql()
                .execAndGet("SELECT SUM(json_array_length(plugin_slugs) = plugin_count) "
                            "FROM closure_events")
                .getInt(),
            6);
}

TEST_F(DatabaseTest, RefusesADatabaseFromANewerVersion) {
  auto db = OpenFresh();
  ASSERT_TRUE(db->Migrate());
  ASSERT_TRUE(
      db->Exec("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')").ok());

  auto result = db->Migrate();

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kFailedPrecondition);
  EXPECT_THAT(result.error().message(), ::testing::HasSubstr("newer"));
}

TEST_F(DatabaseTest, AFailingMigrationLeavesNothingBehind) {
  auto db = OpenFresh();
  std::vector<Migration> migrations = {
      {1, "001_ok.sql", "CREATE TABLE a (x INTEGER);"},
      {2, "002_bad.sql", "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);"},
  };

  auto result = db->Migrate(migrations);

  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message(), ::testing::HasSubstr("002_bad.sql"));
  EXPECT_EQ(*db->SchemaVersion(), 1);
  const auto tables = Tables(*db);
  EXPECT_TRUE(tables.count("a"));
  EXPECT_FALSE(tables.count("b"));
}

TEST_F(DatabaseTest, FtsFollowsPackageNameChanges) {
  auto db = OpenFresh();
  ASSERT_TRUE(db->Migrate());
  ASSERT_TRUE(db->Exec("INSERT INTO packages (type, name, display_name, created_at, updated_at) "
                       "VALUES ('plugin', 'akismet', 'Akismet Anti-spam', 'x', 'x')")
                  .ok());

  auto hits = [&](const char* q) {
    SQLite::Statement s(db->sql(), "SELECT COUNT(*) FROM packages_fts WHERE packages_fts MATCH ?");
    s.bind(1, q);
    s.executeStep();
    return s.getColumn(0).getInt();
  };

  EXPECT_EQ(hits("\"spam\"*"), 1);
  ASSERT_TRUE(db->Exec("UPDATE packages SET display_name='Other' WHERE name='akismet'").ok());
  EXPECT_EQ(hits("\"spam\"*"), 0);
}

// Migration 014 rebuilds packages_fts with prefix indexes over the rows
// already there; the triggers of 001 keep it right afterwards
// (docs/behaviour.md §17.7).
TEST_F(DatabaseTest, PrefixIndexedFtsIsRebuiltAndFollowsWrites) {
  auto db = OpenFresh();
  std::vector<Migration> before;
  for (const Migration& m : EmbeddedMigrations()) {
    if (m.version < 14) {
      before.push_back(m);
    }
  }
  ASSERT_TRUE(db->Migrate(before));
  ASSERT_TRUE(db->Exec("INSERT INTO packages (type, name, display_name, description, created_at, "
                       "updated_at) VALUES ('plugin', 'akismet', 'Akismet Anti-spam', NULL, 'x', "
                       "'x'), ('plugin', 'contact-form-7', NULL, 'Forms of contact', 'x', 'x')")
                  .ok());
  ASSERT_TRUE(db->Migrate());
  EXPECT_EQ(*db->SchemaVersion(), static_cast<int>(EmbeddedMigrations().size()));

  auto hits = [&](const char* q) {
    SQLite::Statement s(db->sql(), "SELECT COUNT(*) FROM packages_fts WHERE packages_fts MATCH ?");
    s.bind(1, q);
    s.executeStep();
    return s.getColumn(0).getInt();
  };
  auto intact = [&] {
    return db->Exec("INSERT INTO packages_fts (packages_fts, rank) VALUES ('integrity-check', 1)")
        .ok();
  };
  EXPECT_EQ(hits("\"aki\"*"), 1);
  EXPECT_EQ(hits("\"conta\"*"), 1);
  EXPECT_EQ(hits("\"form\"*"), 1);  // "form" and "forms" of one package.
  EXPECT_EQ(hits("\"anti-sp\"*"), 1);
  EXPECT_TRUE(intact());
  ASSERT_TRUE(db->Exec("UPDATE packages SET description = 'Stops comment spam' WHERE name = "
                       "'contact-form-7'; DELETE FROM packages WHERE name = 'akismet'; "
                       "INSERT INTO packages (type, name, created_at, updated_at) VALUES "
                       "('theme', 'spamalot', 'x', 'x')")
                  .ok());
  EXPECT_EQ(hits("\"aki\"*"), 0);
  EXPECT_EQ(hits("\"spam\"*"), 2);
  EXPECT_EQ(hits("\"s\"*"), 2);
  EXPECT_TRUE(intact());
}

TEST(DeadlineTest, InterruptsAStatementThatRunsPastItsBudgetAndThenLetsGo) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db);
  const char* kForever =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n";
  {
    const Database::Deadline deadline(**db, std::chrono::milliseconds(20));
    base::Status status = (*db)->Guard("counting forever", [&] { (*db)->sql().exec(kForever); });
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code(), base::ErrorCode::kUnavailable);
    EXPECT_THAT(status.error().message(), ::testing::HasSubstr("interrupt"));
  }
  // Without the guard, statements run to completion again.
  EXPECT_TRUE((*db)
                  ->Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                         "WHERE i < 100000) SELECT COUNT(*) FROM n")
                  .ok());
}

}  // namespace
}  // namespace wpp::db
