#include "web/site_store.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "testutil/test_db.h"

namespace wpp::web {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Plan(db::Database& db, const std::string& sql) {
  return testutil::QueryPlan(db, sql);
}

// A plan that reads no more than an index range or a small table.
void ExpectBounded(db::Database& db, const std::string& sql) {
  const std::string plan = Plan(db, sql);
  EXPECT_THAT(plan, Not(HasSubstr("SCAN packages\n"))) << sql << "\n" << plan;
  EXPECT_THAT(plan, Not(HasSubstr("SCAN metadata_changes\n"))) << sql << "\n" << plan;
  EXPECT_THAT(plan, Not(HasSubstr("SCAN status_check_changes\n"))) << sql << "\n" << plan;
  // builds and status_checks grow forever: read newest first on an index, with a LIMIT.
  EXPECT_THAT(plan, Not(HasSubstr("SCAN builds\n"))) << sql << "\n" << plan;
  EXPECT_THAT(plan, Not(HasSubstr("SCAN status_checks\n"))) << sql << "\n" << plan;
}

constexpr int64_t kNowMs = 1773410400000;  // 2026-03-13T14:00:00Z

class SiteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testutil::OpenTestDatabase();
    std::string sql =
        "DELETE FROM closure_events; INSERT INTO packages (id, type, name, display_name, author, "
        "versions_json, current_version, wporg_version, active_installs, last_committed, "
        "is_active, created_at, updated_at) VALUES ";
    for (int i = 1; i <= 3000; ++i) {
      const std::string n = std::to_string(i);
      sql += i == 1 ? "" : ",";
      sql += "(" + n + ", 'plugin', 'p" + n + "', 'P" + n + "', 'Author" + std::to_string(i % 30) +
             "', '{\"1.0\":\"u\"}', '1.0', '1.0', " + n + ", '2026-01-01T00:00:00Z', 1, 'x', 'x')";
    }
    ASSERT_TRUE(db_->Exec(sql).ok());
    ASSERT_TRUE(
        db_->Exec(
               // Untagged: latest not tagged (5), trunk only (6, 7), closed (8), a 100%_ name (9).
               "UPDATE packages SET wporg_version = '2.0' WHERE id = 5;"
               "UPDATE packages SET wporg_version = 'v1.0' WHERE id = 4;"  // Tagged as 1.0.
               "UPDATE packages SET versions_json = '{}', author = 'Zed' WHERE id = 6;"
               "UPDATE packages SET versions_json = '{\"dev-trunk\":\"u\"}', author = 'zebra' "
               "WHERE id = 7;"
               "UPDATE packages SET versions_json = '{}', is_active = 0 WHERE id = 8;"
               "UPDATE packages SET versions_json = '{}', display_name = '100%_ off', "
               "last_committed = NULL WHERE id = 9;"
               "INSERT INTO builds (id, started_at, status, packages_changed) VALUES "
               "('20260313-130000', '2026-03-13T13:00:00Z', 'completed', 2), "
               "('20260313-135500', '2026-03-13T13:55:00Z', 'running', 0);"
               "INSERT INTO metadata_changes (package_name, action, timestamp, build_id) VALUES "
               "('wp-plugin/p1', 'update', 1773406800000, '20260313-130000'), "
               "('wp-plugin/p2', 'delete', 1773406800001, '20260313-130000'), "
               "('wp-plugin/old', 'update', 1000, '20260313-130000');"
               "INSERT INTO status_checks (id, started_at, status, checked, deactivated, "
               "reactivated) VALUES (1, '2026-03-13T12:00:00Z', 'completed', 10, 1, 0), "
               "(2, '2026-03-10T12:00:00Z', 'completed', 10, 5, 5);"
               "INSERT INTO status_check_changes (status_check_id, package_type, package_name, "
               "action, created_at) VALUES (1, 'plugin', 'p8', 'tombstoned', 'x');"
               "INSERT INTO site_meta (key, value) VALUES ('svn_revision_plugin', '1234');"
               "INSERT INTO closure_events (vendor_name, vendor_slug, detected_at, plugin_slugs, "
               "plugin_count) VALUES ('Acme', 'acme', '2026-03-01T00:00:00Z', '[\"p8\",\"nope\"]', "
               "2), ('Big', 'big', '2026-02-01T00:00:00Z', '[\"a\",\"b\",\"c\"]', 3);"
               "ANALYZE")
            .ok());
  }
  std::unique_ptr<db::Database> db_;
};

TEST_F(SiteStoreTest, QueryPlansAreBounded) {
  for (const char* sql : {kBuildsSql, kRecentChangesSql, kChecksSql, kCheckChangesSql,
                          kActivityChangesSql, kActivityChecksSql, kNewestCommitSql,
                          kVendorEventsSql, kPluginStateSql, kUntaggedAuthorsSql}) {
    ExpectBounded(*db_, sql);
  }
  EXPECT_THAT(Plan(*db_, kBuildsSql), HasSubstr("idx_builds_started_at"));
  EXPECT_THAT(Plan(*db_, kClosureEventsLargestSql), Not(HasSubstr("TEMP B-TREE")));
  EXPECT_THAT(Plan(*db_, kClosureEventsRecentSql), Not(HasSubstr("TEMP B-TREE")));
  EXPECT_THAT(Plan(*db_, kUntaggedAuthorsSql), HasSubstr("idx_packages_untagged_author"));
  for (const char* filter : {"", "trunk-only", "latest-not-tagged"}) {
    for (const char* sort : {"", "updated", "least_updated"}) {
      const UntaggedQuery q{.filter = filter, .search = "x", .author = "", .sort = sort, .page = 1};
      const std::string list = Plan(*db_, UntaggedListSql(q));
      EXPECT_THAT(list, HasSubstr("idx_packages_untagged_")) << list;
      EXPECT_THAT(list, Not(HasSubstr("TEMP B-TREE"))) << list;
      EXPECT_THAT(Plan(*db_, UntaggedCountSql(q)), HasSubstr("idx_packages_untagged_"));
    }
  }
}

TEST_F(SiteStoreTest, Status) {
  const StatusData s = LoadStatus(*db_, kNowMs).value();
  ASSERT_EQ(s.builds.size(), 2u);
  EXPECT_EQ(s.builds[0].id, "20260313-135500");
  EXPECT_EQ(s.builds[0].status, "running");
  EXPECT_FALSE(s.builds[0].duration_seconds.has_value());
  ASSERT_EQ(s.builds[1].changes.size(), 2u);  // The old change is outside the day.
  EXPECT_EQ(s.builds[1].changes[0].package_name, "wp-plugin/p2");
  ASSERT_EQ(s.checks.size(), 2u);
  ASSERT_EQ(s.checks[0].changes.size(), 1u);
  EXPECT_EQ(s.checks[0].changes[0].action, "tombstoned");
  EXPECT_EQ(s.activity.updated, 2);
  EXPECT_EQ(s.activity.deactivated, 1);  // The older run is outside the day.
  EXPECT_EQ(s.freshness.newest_commit, "2026-01-01T00:00:00Z");
  EXPECT_EQ(s.freshness.plugin_revision, 1234);
}

TEST_F(SiteStoreTest, Closures) {
  const ClosurePage recent = LoadClosures(*db_, 1, false).value();
  EXPECT_EQ(recent.total, 2);
  EXPECT_EQ(recent.events[0].vendor_slug, "acme");
  EXPECT_EQ(LoadClosures(*db_, 1, true).value().events[0].vendor_slug, "big");
  EXPECT_TRUE(LoadClosures(*db_, 2, false).value().events.empty());
  const auto acme = LoadVendorEvents(*db_, "acme").value();
  ASSERT_EQ(acme.size(), 1u);
  EXPECT_THAT(acme[0].plugin_slugs, ElementsAre("p8", "nope"));
  EXPECT_TRUE(LoadVendorEvents(*db_, "nobody").value().empty());
  const PluginState p8 = LoadPluginState(*db_, "p8").value();
  EXPECT_TRUE(p8.known);
  EXPECT_FALSE(p8.active);
  EXPECT_FALSE(LoadPluginState(*db_, "nope").value().known);
}

TEST_F(SiteStoreTest, Untagged) {
  const auto names = [&](UntaggedQuery q) {
    std::vector<std::string> out;
    const UntaggedPage page = LoadUntagged(*db_, q).value();
    for (const UntaggedRow& r : page.rows) {
      out.push_back(r.name);
    }
    return out;
  };
  EXPECT_THAT(names({}), ElementsAre("p9", "p7", "p6", "p5"));  // By active installs.
  EXPECT_EQ(LoadUntagged(*db_, {}).value().total, 4);
  EXPECT_THAT(names({.filter = "trunk-only"}), ElementsAre("p9", "p7", "p6"));
  EXPECT_THAT(names({.filter = "latest-not-tagged"}), ElementsAre("p5"));
  EXPECT_THAT(names({.search = "%_"}), ElementsAre("p9"));  // Wildcards are literal.
  EXPECT_THAT(names({.author = "ZED"}), ElementsAre("p6"));
  EXPECT_THAT(names({.sort = "least_updated"}).front(), "p9");  // NULL first.
  EXPECT_TRUE(names({.page = 2}).empty());
  const UntaggedRow p5 = LoadUntagged(*db_, {.filter = "latest-not-tagged"}).value().rows[0];
  EXPECT_FALSE(p5.trunk_only);
  EXPECT_EQ(p5.wporg_version, "2.0");
  EXPECT_THAT(UntaggedAuthors(*db_, "ze").value(), ElementsAre("zebra", "Zed"));
  EXPECT_THAT(UntaggedAuthors(*db_, "author").value(), ElementsAre("Author5", "Author9"));
}

}  // namespace
}  // namespace wpp::web
