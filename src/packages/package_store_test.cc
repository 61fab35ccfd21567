#include "packages/package_store.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::packages {
namespace {

using ::testing::ElementsAre;

class PackageStoreTest : public ::testing::Test {
 protected:
  std::string Text(const std::string& sql) {
    SQLite::Statement q(db_->sql(), sql);
    return q.executeStep() && !q.getColumn(0).isNull() ? q.getColumn(0).getString() : "NULL";
  }
  int64_t Int(const std::string& sql) { return db_->sql().execAndGet(sql).getInt64(); }

  void Shell(const std::string& type, const std::string& name,
             std::optional<std::string> committed = std::nullopt) {
    const ShellEntry entry{name, std::move(committed)};
    ASSERT_EQ(store_.UpsertShells(type, std::span(&entry, 1)).value(), 0);
  }

  PackageRow Row(const std::string& name, int64_t downloads) {
    PackageRow row;
    row.type = "plugin";
    row.name = name;
    row.downloads = downloads;
    row.versions_json = R"({"1.0":"u"})";
    row.last_synced_at = base::FormatRfc3339(clock_.Now());
    row.last_sync_run_id = 1;
    return row;
  }

  base::Status Apply(std::vector<UpdateWrite> writes) {
    std::vector<bool> ok;
    return store_.ApplyUpdates(writes, &ok);
  }

  std::vector<std::string> Selected(const UpdateSelection& selection) {
    std::vector<std::string> names;
    auto selected = store_.SelectForUpdate(selection);
    if (!selected) {
      ADD_FAILURE() << selected.error().message();
      return names;
    }
    for (const StoredPackage& p : *selected) {
      names.push_back(p.name);
    }
    return names;
  }

  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  testutil::FakeClock clock_;
  PackageStore store_{*db_, clock_};
};

// PKG-01, PKG-02, PKG-03
TEST_F(PackageStoreTest, ShellUpsertKeepsTheNewestCommitTime) {
  Shell("plugin", "akismet", "2026-01-15T00:00:00Z");
  EXPECT_EQ(Int("SELECT is_active FROM packages WHERE name = 'akismet'"), 1);

  Shell("plugin", "akismet", "2025-06-01T00:00:00Z");
  EXPECT_EQ(Text("SELECT last_committed FROM packages"), "2026-01-15T00:00:00Z");

  Shell("plugin", "akismet", "2026-03-01T00:00:00Z");
  EXPECT_EQ(Text("SELECT last_committed FROM packages"), "2026-03-01T00:00:00Z");

  Shell("plugin", "akismet");
  EXPECT_EQ(Text("SELECT last_committed FROM packages"), "2026-03-01T00:00:00Z");
}

TEST_F(PackageStoreTest, ShellUpsertNeverReactivatesOrTouchesTombstones) {
  Shell("plugin", "gone");
  Shell("plugin", "closed");
  ASSERT_TRUE(
      db_->Exec("UPDATE packages SET is_active = 0 WHERE name = 'gone';"
                "UPDATE packages SET is_active = 0, permanently_closed = 1, "
                "updated_at = 'old' WHERE name = 'closed'"));

  Shell("plugin", "gone", "2030-01-01T00:00:00Z");
  Shell("plugin", "closed", "2030-01-01T00:00:00Z");

  EXPECT_EQ(Int("SELECT is_active FROM packages WHERE name = 'gone'"), 0);
  EXPECT_EQ(Text("SELECT updated_at FROM packages WHERE name = 'closed'"), "old");
  EXPECT_EQ(Text("SELECT last_committed FROM packages WHERE name = 'closed'"), "NULL");
}

// PKG-13, PKG-14
TEST_F(PackageStoreTest, BatchShellUpserts) {
  const std::vector<ShellEntry> plugins = {{"akismet", "2026-01-15T00:00:00Z"}};
  const std::vector<ShellEntry> themes = {{"astra", "2026-01-15T00:00:00Z"}};
  const std::vector<ShellEntry> older = {{"akismet", "2025-01-01T00:00:00Z"}};

  EXPECT_EQ(store_.UpsertShells("plugin", plugins).value(), 0);
  EXPECT_EQ(store_.UpsertShells("theme", themes).value(), 0);
  EXPECT_EQ(store_.UpsertShells("plugin", older).value(), 0);
  EXPECT_EQ(store_.UpsertShells("plugin", {}).value(), 0);

  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages"), 2);
  EXPECT_EQ(Text("SELECT last_committed FROM packages WHERE name = 'akismet'"),
            "2026-01-15T00:00:00Z");
}

TEST_F(PackageStoreTest, ADatabaseThatRefusesWritesIsOneErrorNotOnePerRow) {
  std::vector<ShellEntry> shells;
  for (int i = 0; i < 300; ++i) {
    shells.push_back({"p" + std::to_string(i), std::nullopt});
  }
  db_->sql().exec("PRAGMA query_only = ON");

  auto result = store_.UpsertShells("plugin", shells);

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kUnavailable);
  EXPECT_THAT(result.error().message(), ::testing::HasSubstr("the database refuses writes"));
  EXPECT_EQ(store_.CountPackages("plugin").value(), 0);
}

// PKG-04, PKG-15
TEST_F(PackageStoreTest, FullUpsertOverwritesCounters) {
  ASSERT_TRUE(Apply({{UpdateWrite::Kind::kUpsert, Row("akismet", 1000)},
                     {UpdateWrite::Kind::kUpsert, Row("jetpack", 5)}}));
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages"), 2);
  EXPECT_EQ(Int("SELECT downloads FROM packages WHERE name = 'akismet'"), 1000);

  ASSERT_TRUE(Apply({{UpdateWrite::Kind::kUpsert, Row("akismet", 2000)}}));
  EXPECT_EQ(Int("SELECT downloads FROM packages WHERE name = 'akismet'"), 2000);
  ASSERT_TRUE(Apply({}));
}

TEST_F(PackageStoreTest, FullUpsertKeepsStoredValuesForNullsAndLastCommittedMonotonic) {
  PackageRow first = Row("akismet", 1);
  first.last_committed = "2026-02-01T00:00:00Z";
  first.content_hash = "h1";
  ASSERT_TRUE(Apply({{UpdateWrite::Kind::kUpsert, first}}));
  ASSERT_TRUE(db_->Exec("UPDATE packages SET trunk_revision = 42"));
  PackageRow second = Row("akismet", 2);
  second.last_committed = "2026-01-01T00:00:00Z";
  second.last_synced_at.reset();
  second.last_sync_run_id.reset();

  ASSERT_TRUE(Apply({{UpdateWrite::Kind::kUpsert, second}}));

  EXPECT_EQ(Text("SELECT last_committed FROM packages"), "2026-02-01T00:00:00Z");
  EXPECT_EQ(Text("SELECT content_hash FROM packages"), "h1");
  EXPECT_EQ(Int("SELECT last_sync_run_id FROM packages"), 1);
  EXPECT_EQ(Int("SELECT trunk_revision FROM packages"), 42);
  EXPECT_NE(Text("SELECT last_synced_at FROM packages"), "NULL");
}

TEST_F(PackageStoreTest, FullTextIndexFollowsNameAndDescription) {
  PackageRow row = Row("akismet", 1);
  row.display_name = "Alpha Shield";
  row.description = "Stops spam";
  ASSERT_TRUE(Apply({{UpdateWrite::Kind::kUpsert, row}}));
  ASSERT_TRUE(Apply({{UpdateWrite::Kind::kUpsert, row}}));  // Unchanged: no re-index.
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages_fts WHERE packages_fts MATCH 'alpha'"), 1);

  row.display_name = "Beta Shield";
  row.description.reset();
  ASSERT_TRUE(Apply({{UpdateWrite::Kind::kUpsert, row}}));

  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages_fts WHERE packages_fts MATCH 'alpha'"), 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages_fts WHERE packages_fts MATCH 'beta'"), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages_fts WHERE packages_fts MATCH 'spam'"), 0);
  EXPECT_EQ(Text("SELECT description FROM packages"), "NULL");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages_fts WHERE packages_fts MATCH 'akismet'"), 1);
}

TEST_F(PackageStoreTest, VersionTimesAreNeverChanged) {
  PackageRow row = Row("akismet", 1);
  row.version_times = {{"1.0", "2020-01-01T00:00:00Z", "svn"}};
  ASSERT_TRUE(Apply({{UpdateWrite::Kind::kUpsert, row}}));
  row.version_times = {{"1.0", "2026-01-01T00:00:00Z", "mirror"},
                       {"2.0", "2026-01-01T00:00:00Z", "mirror"}};

  ASSERT_TRUE(Apply({{UpdateWrite::Kind::kUpsert, row}}));

  EXPECT_EQ(
      Text("SELECT published_at || ' ' || source FROM package_versions WHERE version = '1.0'"),
      "2020-01-01T00:00:00Z svn");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM package_versions"), 2);
}

// PKG-06 and docs/decisions.md §13.
TEST_F(PackageStoreTest, DeactivationIsRecordedWithoutAStatusCheck) {
  Shell("plugin", "gone");
  UpdateWrite write{UpdateWrite::Kind::kDeactivate, {}};
  write.row.type = "plugin";
  write.row.name = "gone";

  ASSERT_TRUE(Apply({write}));
  ASSERT_TRUE(Apply({write}));  // Already inactive: no second change row.

  EXPECT_EQ(Int("SELECT is_active FROM packages"), 0);
  EXPECT_NE(Text("SELECT content_changed_at FROM packages"), "NULL");
  EXPECT_EQ(Text("SELECT COALESCE(status_check_id, 'NULL') || ' ' || package_type || ' ' || "
                 "package_name || ' ' || action FROM status_check_changes"),
            "NULL plugin gone deactivated");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM status_check_changes"), 1);
}

TEST_F(PackageStoreTest, TombstoneClosesForGood) {
  Shell("plugin", "yalw");
  UpdateWrite write{UpdateWrite::Kind::kTombstone, {}};
  write.row.type = "plugin";
  write.row.name = "yalw";

  ASSERT_TRUE(Apply({write}));

  EXPECT_EQ(Int("SELECT permanently_closed + is_active * 10 FROM packages"), 1);
  EXPECT_EQ(Text("SELECT action FROM status_check_changes"), "tombstoned");
  EXPECT_TRUE(Selected({.type = "all", .name = "", .force = true}).empty());
}

// PKG-08
TEST_F(PackageStoreTest, SiteStatsCountActivePackages) {
  Shell("plugin", "a");
  Shell("plugin", "b");
  Shell("theme", "t");
  ASSERT_TRUE(db_->Exec(
      "UPDATE packages SET wp_packages_installs_total = 100, wp_packages_installs_30d = 25 "
      "WHERE name = 'a'; UPDATE packages SET is_active = 0, wp_packages_installs_total = 999, "
      "wp_packages_installs_30d = 999 WHERE name = 'b'; UPDATE packages SET "
      "wp_packages_installs_total = 50, wp_packages_installs_30d = 5 WHERE name = 't'"));

  ASSERT_TRUE(store_.RefreshSiteStats());

  EXPECT_EQ(Text("SELECT active_plugins || ' ' || active_themes || ' ' || plugin_installs || ' ' "
                 "|| theme_installs || ' ' || installs_30d FROM package_stats WHERE id = 1"),
            "1 1 100 50 30");
}

// PKG-09
TEST_F(PackageStoreTest, DefaultSelectionIsDirtyActivePackages) {
  Shell("plugin", "needs-update");
  Shell("plugin", "up-to-date", "2026-01-01T00:00:00Z");
  Shell("theme", "theme-dirty");
  ASSERT_TRUE(
      db_->Exec("UPDATE packages SET last_synced_at = '2026-03-13T14:00:00Z' "
                "WHERE name = 'up-to-date'"));

  EXPECT_THAT(Selected({.type = "plugin"}), ElementsAre("needs-update"));
  EXPECT_THAT(Selected({.type = "all", .name = "", .force = true}),
              ElementsAre("needs-update", "theme-dirty", "up-to-date"));
  EXPECT_THAT(Selected({.type = "all", .name = "up-to-date"}), ElementsAre("up-to-date"));
  EXPECT_TRUE(Selected({.type = "widget"}).empty());
}

TEST_F(PackageStoreTest, IncludeInactiveAddsStaleInactiveRows) {
  Shell("plugin", "old-inactive");
  Shell("plugin", "recent-inactive");
  ASSERT_TRUE(db_->Exec(
      "UPDATE packages SET is_active = 0, last_committed = '2026-01-01T00:00:00Z'; "
      "UPDATE packages SET last_synced_at = '2026-02-01T00:00:00Z' WHERE name = 'old-inactive';"
      "UPDATE packages SET last_synced_at = '2026-03-01T00:00:00Z' WHERE name = "
      "'recent-inactive'"));

  EXPECT_TRUE(Selected({}).empty());
  EXPECT_THAT(Selected({.type = "all", .name = "", .force = false, .include_inactive = true}),
              ElementsAre("old-inactive"));
  EXPECT_EQ(Selected({.type = "all", .name = "", .force = true, .include_inactive = true}).size(),
            2u);
}

// PKG-12
TEST_F(PackageStoreTest, ChangelogMarksOnlyActiveRows) {
  Shell("plugin", "akismet");
  Shell("plugin", "gone");
  ASSERT_TRUE(
      db_->Exec("UPDATE packages SET last_synced_at = '2026-03-26T00:00:00Z', "
                "last_committed = '2026-03-23T00:00:00Z'; "
                "UPDATE packages SET is_active = 0 WHERE name = 'gone'"));
  clock_.Set(base::FromUnixSeconds(1774569600));  // 2026-03-27T00:00:00Z

  auto affected = store_.MarkPackagesChanged(
      "plugin", {{"akismet", 3613892}, {"gone", 3613892}, {"unknown", 1}});

  ASSERT_TRUE(affected);
  EXPECT_EQ(*affected, 1);
  EXPECT_EQ(Text("SELECT last_committed || ' ' || trunk_revision FROM packages WHERE name = "
                 "'akismet'"),
            "2026-03-27T00:00:00Z 3613892");
  EXPECT_THAT(Selected({}), ElementsAre("akismet"));
}

TEST_F(PackageStoreTest, TagTimesAreRecordedForKnownPackagesOnly) {
  Shell("plugin", "akismet");
  const std::vector<TagTime> tags = {{"akismet", "5.0", "2026-03-15T10:00:00Z"},
                                     {"unknown", "1.0", "2026-03-15T10:00:00Z"}};

  EXPECT_EQ(store_.RecordTagTimes("plugin", tags).value(), 1);
  EXPECT_EQ(store_.RecordTagTimes("plugin", tags).value(), 0);
  EXPECT_EQ(Text("SELECT source FROM package_versions"), "svn");
  auto selected = store_.SelectForUpdate({});
  ASSERT_TRUE(selected);
  ASSERT_EQ(selected->size(), 1u);
  EXPECT_EQ((*selected)[0].recorded_versions, 1);
}

// PKG-16
TEST_F(PackageStoreTest, SyncRunIdsFollowThePackages) {
  auto first = store_.AllocateSyncRun();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->run_id, 1);
  ASSERT_TRUE(Apply({{UpdateWrite::Kind::kUpsert, Row("akismet", 1)}}));

  auto second = store_.AllocateSyncRun();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->run_id, 2);
  ASSERT_TRUE(store_.FinishSyncRun(second->row_id, "completed", R"({"updated":1})"));

  EXPECT_EQ(Int("SELECT COUNT(*) FROM sync_runs"), 2);
  EXPECT_EQ(Text("SELECT status || ' ' || meta_json FROM sync_runs WHERE id = " +
                 std::to_string(second->row_id)),
            R"(completed {"updated":1})");
}

TEST_F(PackageStoreTest, MetaRoundTrips) {
  EXPECT_EQ(store_.GetMeta("svn_revision_plugin").value(), std::nullopt);
  ASSERT_TRUE(store_.SetMeta("svn_revision_plugin", "10"));
  ASSERT_TRUE(store_.SetMeta("svn_revision_plugin", "12"));
  EXPECT_EQ(store_.GetMeta("svn_revision_plugin").value(), "12");
}

TEST_F(PackageStoreTest, BackfillFillsOnlyMissingRevisions) {
  Shell("plugin", "a");
  Shell("plugin", "b");
  ASSERT_TRUE(db_->Exec("UPDATE packages SET trunk_revision = 5 WHERE name = 'b'"));
  EXPECT_EQ(store_.CountPluginsWithoutRevision().value(), 1);

  EXPECT_EQ(store_.BackfillRevisions({{"a", 9}, {"b", 9}}).value(), 1);

  EXPECT_EQ(Text("SELECT group_concat(trunk_revision) FROM packages ORDER BY name"), "9,5");
  EXPECT_EQ(store_.CountPluginsWithoutRevision().value(), 0);
}

}  // namespace
}  // namespace wpp::packages
