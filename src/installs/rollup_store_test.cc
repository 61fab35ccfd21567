#include "installs/rollup_store.h"

#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include <sys/wait.h>

#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::installs {
namespace {

// 2026-03-13T14:00:00Z, the fake clock's start.
constexpr int64_t kNow = 1773410400;
constexpr int64_t kDay = 86400;

std::string Ago(int64_t seconds) {
  return base::FormatRfc3339(base::FromUnixSeconds(kNow - seconds));
}

std::string Dump(db::Database& db, const std::string& sql) {
  std::string out;
  SQLite::Statement q(db.sql(), sql);
  while (q.executeStep()) {
    for (int i = 0; i < q.getColumnCount(); ++i) {
      out += q.getColumn(i).isNull() ? "NULL" : q.getColumn(i).getString();
      out += i + 1 < q.getColumnCount() ? "," : ";";
    }
  }
  return out;
}

// Everything a run writes, as text (package_stats without its time).
std::string State(db::Database& db) {
  return Dump(db, "SELECT package_id, month, installs FROM monthly_installs ORDER BY 1, 2") + "|" +
         Dump(db, "SELECT day, package_id, installs FROM daily_installs ORDER BY 1, 2") + "|" +
         Dump(db,
              "SELECT id, wp_packages_installs_total, wp_packages_installs_30d, "
              "last_installed_at FROM packages ORDER BY id") +
         "|" + Dump(db, "SELECT watermark FROM install_rollup_state") + "|" +
         Dump(db, "SELECT COUNT(*), MAX(id) FROM install_events") + "|" +
         Dump(db,
              "SELECT active_plugins, active_themes, plugin_installs, theme_installs, "
              "installs_30d FROM package_stats");
}

void Seed(db::Database& db) {
  ASSERT_TRUE(db.Exec("INSERT INTO packages (id, type, name, created_at, updated_at) VALUES "
                      "(1, 'plugin', 'akismet', 'x', 'x'), (2, 'theme', 'astra', 'x', 'x'), "
                      "(3, 'plugin', 'idle', 'x', 'x')")
                  .ok());
}

void AddEvent(db::Database& db, int64_t package, const std::string& created_at) {
  static int serial = 0;
  SQLite::Statement q(
      db.sql(),
      "INSERT INTO install_events (package_id, version, dedupe_bucket, dedupe_key, created_at) "
      "VALUES (?, '1.0', 0, ?, ?)");
  q.bind(1, package);
  q.bind(2, "h" + std::to_string(++serial));
  q.bind(3, created_at);
  q.exec();
}

// A history across months, the 30-day edge and the retention limit.
void AddHistory(db::Database& db) {
  AddEvent(db, 1, Ago(400 * kDay));      // 2025-02: pruned, still counted.
  AddEvent(db, 1, Ago(40 * kDay));       // 2026-02, outside 30 days.
  AddEvent(db, 1, Ago(30 * kDay + 60));  // Just outside the window.
  AddEvent(db, 1, Ago(30 * kDay - 60));  // Just inside it (same UTC day).
  AddEvent(db, 1, Ago(3600));            // Today.
  AddEvent(db, 2, Ago(2 * kDay));
  AddEvent(db, 2, "2026-03-13T01:30:00+02:00");  // 2026-03-12 in UTC.
}

RollupOptions Quiet() {
  RollupOptions o;
  o.progress = false;
  o.pace = false;
  return o;
}

class RollupStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Seed(*db_); }
  RollupResult Run(RollupOptions options = Quiet()) {
    auto r = RollupStore(*db_, clock_).Run(options);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : RollupResult{};
  }
  std::string Q(const std::string& sql) { return Dump(*db_, sql); }

  testutil::FakeClock clock_;
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
};

TEST(UtcDayTest, ReadsStoredTimesInUtc) {
  EXPECT_EQ(UtcDay("2026-03-13T14:00:00Z"), "2026-03-13");
  EXPECT_EQ(UtcDay("2026-03-13T14:00:00.123Z"), "2026-03-13");
  EXPECT_EQ(UtcDay("2026-03-13 23:59:59"), "2026-03-13");
  EXPECT_EQ(UtcDay("2026-03-01T01:00:00+02:00"), "2026-02-28");
  EXPECT_EQ(UtcDay("2026-12-31T23:30:00-01:00"), "2027-01-01");
  EXPECT_EQ(UtcDay("2026-02-30T00:00:00Z"), std::nullopt);
  EXPECT_EQ(UtcDay("yesterday"), std::nullopt);
  EXPECT_EQ(UtcDay("2026-03-13T14:00:00+0200"), std::nullopt);
}

TEST_F(RollupStoreTest, FoldsEventsIntoMonthsTotalsAndThirtyDays) {
  AddHistory(*db_);
  const RollupResult r = Run();
  EXPECT_EQ(r.watermark_before, 0);
  EXPECT_EQ(r.watermark, 7);
  EXPECT_EQ(r.events_counted, 7);
  EXPECT_EQ(r.packages_updated, 2);
  EXPECT_EQ(r.events_pruned, 1);
  EXPECT_EQ(Q("SELECT package_id, month, installs FROM monthly_installs ORDER BY 1, 2"),
            "1,2025-02,1;1,2026-02,3;1,2026-03,1;2,2026-03,2;");
  // Totals count everything; 30 days counts from exactly now - 30 days.
  EXPECT_EQ(Q("SELECT id, wp_packages_installs_total, wp_packages_installs_30d, "
              "last_installed_at FROM packages ORDER BY id"),
            "1,5,2," + Ago(3600) + ";2,2,2,2026-03-13T01:30:00+02:00;3,0,0,NULL;");
  EXPECT_EQ(Q("SELECT plugin_installs, theme_installs, installs_30d, active_plugins FROM "
              "package_stats"),
            "5,2,4,2;");
  // Days before the window are not kept.
  EXPECT_EQ(Q("SELECT MIN(day) FROM daily_installs"), "2026-02-11;");
}

// The /downloads writer does not check the foreign key, so an event may name
// a package deleted meanwhile: it is skipped, and the run goes on.
TEST_F(RollupStoreTest, EventsOfADeletedPackageAreSkipped) {
  AddEvent(*db_, 1, Ago(100));
  ASSERT_TRUE(db_->Exec("PRAGMA foreign_keys = OFF").ok());
  AddEvent(*db_, 99, Ago(90));
  ASSERT_TRUE(db_->Exec("PRAGMA foreign_keys = ON").ok());
  AddEvent(*db_, 2, Ago(80));
  const RollupResult r = Run();
  EXPECT_EQ(r.watermark, 3);
  EXPECT_EQ(r.events_counted, 2);
  EXPECT_EQ(Q("SELECT package_id, installs FROM monthly_installs ORDER BY 1"), "1,1;2,1;");
}

TEST_F(RollupStoreTest, ASecondRunWithNoNewEventsChangesNothing) {
  AddHistory(*db_);
  Run();
  const std::string before = State(*db_);
  const RollupResult again = Run();
  EXPECT_EQ(State(*db_), before);
  EXPECT_EQ(again.events_counted, 0);
  EXPECT_EQ(again.packages_updated, 0);
  EXPECT_EQ(again.packages_reset, 0);
  EXPECT_EQ(again.events_pruned, 0);
}

TEST_F(RollupStoreTest, LaterRunsCountOnlyNewEvents) {
  AddEvent(*db_, 1, Ago(100));
  Run();
  AddEvent(*db_, 1, Ago(50));
  AddEvent(*db_, 2, Ago(40));
  const RollupResult r = Run();
  EXPECT_EQ(r.watermark_before, 1);
  EXPECT_EQ(r.events_counted, 2);
  EXPECT_EQ(Q("SELECT id, wp_packages_installs_total, wp_packages_installs_30d FROM packages "
              "ORDER BY id"),
            "1,2,2;2,1,1;3,0,0;");
}

TEST_F(RollupStoreTest, ChunksOfOneEventGiveTheSameResult) {
  AddHistory(*db_);
  auto other = testutil::OpenTestDatabase();
  Seed(*other);
  AddHistory(*other);
  Run();
  RollupOptions tiny = Quiet();
  tiny.initial_chunk = 1;
  tiny.target_transaction = std::chrono::milliseconds(0);  // Never grows.
  const auto r = RollupStore(*other, clock_).Run(tiny);
  ASSERT_TRUE(r);
  EXPECT_GE(r->transactions, 7);
  EXPECT_EQ(State(*other), State(*db_));
}

TEST_F(RollupStoreTest, CountsAgeOutOfTheThirtyDayWindowWithoutNewEvents) {
  AddEvent(*db_, 1, Ago(3600));
  Run();
  EXPECT_EQ(Q("SELECT wp_packages_installs_30d FROM packages WHERE id = 1"), "1;");
  clock_.Advance(std::chrono::hours(24 * 31));
  const RollupResult r = Run();
  EXPECT_EQ(r.packages_reset, 1);
  EXPECT_EQ(Q("SELECT wp_packages_installs_total, wp_packages_installs_30d FROM packages "
              "WHERE id = 1"),
            "1,0;");
  EXPECT_EQ(Q("SELECT COUNT(*) FROM daily_installs"), "0;");
}

TEST_F(RollupStoreTest, CountersWithoutMonthlyRowsAreReset) {
  ASSERT_TRUE(db_->Exec("UPDATE packages SET wp_packages_installs_total = 9, "
                        "wp_packages_installs_30d = 3, last_installed_at = 'x' WHERE id = 3")
                  .ok());
  const RollupResult r = Run();
  EXPECT_EQ(r.packages_updated, 1);
  EXPECT_EQ(r.packages_reset, 1);
  EXPECT_EQ(Q("SELECT wp_packages_installs_total, wp_packages_installs_30d, last_installed_at "
              "FROM packages WHERE id = 3"),
            "0,0,NULL;");
}

TEST_F(RollupStoreTest, PruningKeepsTheNewestEventSoIdsAreNeverReused) {
  AddEvent(*db_, 1, Ago(500 * kDay));
  AddEvent(*db_, 1, Ago(400 * kDay));
  const RollupResult r = Run();
  EXPECT_EQ(r.events_pruned, 1);
  EXPECT_EQ(Q("SELECT id FROM install_events"), "2;");
  AddEvent(*db_, 2, Ago(10));
  EXPECT_EQ(Q("SELECT MAX(id) FROM install_events"), "3;");
  Run();
  EXPECT_EQ(Q("SELECT id, wp_packages_installs_total FROM packages ORDER BY id"), "1,2;2,1;3,0;");
}

TEST_F(RollupStoreTest, UncountedEventsAreNeverPruned) {
  AddEvent(*db_, 1, Ago(500 * kDay));
  AddEvent(*db_, 1, Ago(499 * kDay));
  AddEvent(*db_, 1, Ago(1));
  std::atomic<bool> stop{false};
  RollupOptions options = Quiet();
  options.initial_chunk = 1;
  options.target_transaction = std::chrono::milliseconds(0);
  options.stop = &stop;
  options.checkpoint = [&](std::string_view c) { stop = stop || c == "installs:fold:done"; };
  const RollupResult r = Run(options);
  EXPECT_TRUE(r.interrupted);
  // Stopped inside a batch: its first sum is added, the watermark waits.
  EXPECT_EQ(r.watermark, 0);
  EXPECT_EQ(Q("SELECT watermark, pending_to, pending_key != '' FROM install_rollup_state"),
            "0,3,1;");
  EXPECT_EQ(Q("SELECT COUNT(*) FROM install_events"), "3;");
  stop = false;
  options.checkpoint = nullptr;
  Run(options);
  EXPECT_EQ(Q("SELECT id FROM install_events ORDER BY id"), "3;");
  EXPECT_EQ(Q("SELECT wp_packages_installs_total FROM packages WHERE id = 1"), "3;");
}

TEST_F(RollupStoreTest, AnImportedWatermarkIsKept) {
  auto db = db::Database::Open(":memory:");
  ASSERT_TRUE(db);
  std::vector<db::Migration> first;
  for (const auto& m : db::EmbeddedMigrations()) {
    if (m.version < 4) {
      first.push_back(m);
    }
  }
  ASSERT_TRUE((*db)->Migrate(first));
  ASSERT_TRUE((*db)->Exec("INSERT INTO site_meta VALUES ('aggregate_watermark', '41')").ok());
  ASSERT_TRUE((*db)->Migrate());
  EXPECT_EQ(RollupStore(**db, clock_).Watermark().value(), 41);
}

// The fault-injection test: a child process runs the rollup and is killed
// with SIGKILL at the Nth checkpoint (inside a transaction just before its
// COMMIT, or right after it); a full run afterwards must leave exactly the
// state of one uninterrupted run.
class KilledRunTest : public ::testing::Test {
 protected:
  std::string MakeDatabase(const std::string& name) {
    const std::string path = tmp_.file(name);
    auto db = db::Database::Open(path);
    EXPECT_TRUE(db && (*db)->Migrate());
    Seed(**db);
    AddHistory(**db);
    for (int i = 0; i < 20; ++i) {
      AddEvent(**db, 1 + i % 2, Ago(i * 3 * kDay + 7));
    }
    return path;
  }
  RollupOptions Small() {
    RollupOptions o = Quiet();
    o.initial_chunk = 4;
    o.target_transaction = std::chrono::milliseconds(0);
    return o;
  }
  testutil::TempDir tmp_;
  testutil::FakeClock clock_;
};

TEST_F(KilledRunTest, InstallsRecordedDuringARunAreLeftForTheNext) {
  const std::string path = MakeDatabase("busy.db");
  auto db = db::Database::Open(path).value();
  auto writer = db::Database::Open(path).value();  // POST /downloads' connection.
  RollupOptions options = Small();
  options.checkpoint = [&](std::string_view c) {
    if (c.ends_with(":done")) {
      AddEvent(*writer, 2, Ago(5));
    }
  };
  const auto first = RollupStore(*db, clock_).Run(options);
  ASSERT_TRUE(first) << first.error().message();
  const auto second = RollupStore(*db, clock_).Run(Small());
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(second->watermark_before, first->watermark);
  EXPECT_GT(second->events_counted, 0);
  // Ids are contiguous: every id up to the watermark is counted once.
  EXPECT_EQ(Dump(*db, "SELECT SUM(installs) FROM monthly_installs"),
            std::to_string(second->watermark) + ";");
}

TEST_F(KilledRunTest, AKillAtAnyCheckpointNeverCountsAnEventTwice) {
  const std::string reference_path = MakeDatabase("reference.db");
  auto reference = db::Database::Open(reference_path).value();
  std::vector<std::string> checkpoints;
  RollupOptions options = Small();
  options.checkpoint = [&](std::string_view c) { checkpoints.emplace_back(c); };
  ASSERT_TRUE(RollupStore(*reference, clock_).Run(options));
  const std::string expected = State(*reference);
  ASSERT_GT(checkpoints.size(), 10u);

  for (size_t kill_at = 1; kill_at <= checkpoints.size(); ++kill_at) {
    SCOPED_TRACE("killed at " + checkpoints[kill_at - 1]);
    const std::string path = MakeDatabase("killed-" + std::to_string(kill_at) + ".db");
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto db = db::Database::Open(path);
      testutil::FakeClock clock;
      size_t seen = 0;
      RollupOptions o = Small();
      o.checkpoint = [&](std::string_view) {
        if (++seen == kill_at) {
          raise(SIGKILL);
        }
      };
      (void)RollupStore(**db, clock).Run(o);
      _exit(3);  // Never reached the checkpoint.
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    auto db = db::Database::Open(path).value();
    ASSERT_TRUE(RollupStore(*db, clock_).Run(Small()));
    EXPECT_EQ(State(*db), expected);
  }
}

}  // namespace
}  // namespace wpp::installs
