// Every query of the home and package pages uses an index: no full scan of
// packages, no COUNT(*) over the catalogue (docs/behaviour.md §17.7).

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "base/strings.h"
#include "testutil/test_db.h"
#include "web/catalog_store.h"

namespace wpp::web {
namespace {

std::string Plan(db::Database& db, const std::string& sql) {
  std::string plan;
  EXPECT_TRUE(db.Guard("plan", [&] {
                  SQLite::Statement q(db.sql(), "EXPLAIN QUERY PLAN " + sql);
                  while (q.executeStep()) {
                    plan += q.getColumn(3).getString() + "\n";
                  }
                }).ok());
  return plan;
}

void ExpectNoFullScan(const std::string& plan, const std::string& what) {
  for (const std::string& line : base::Split(plan, '\n')) {
    const bool full_scan = (line == "SCAN packages" || line == "SCAN p" ||
                            line.starts_with("SCAN packages ") || line.starts_with("SCAN p ")) &&
                           line.find("USING") == std::string::npos;
    EXPECT_FALSE(full_scan) << what << "\n" << plan;
  }
  EXPECT_EQ(plan.find("COUNT"), std::string::npos) << what;
}

TEST(QueryPlanTest, BrowseNeverScansTheCatalogue) {
  auto db = testutil::OpenTestDatabase();
  for (const std::string search : {"", "woo", "wo", "woo commerce", "contact form seven"}) {
    for (const std::string type : {"", "plugin"}) {
      for (const std::string sort : {"composer_installs", "active_installs", "updated", "name"}) {
        const BrowseQuery q{.search = search, .type = type, .sort = sort, .page = 3};
        const std::string sql = CatalogStore::BrowseSql(q);
        const std::string plan = Plan(*db, sql);
        ExpectNoFullScan(plan, search + "/" + type + "/" + sort);
        if (search.empty()) {
          // An index gives the order: nothing sorts the catalogue.
          EXPECT_THAT(plan, testing::Not(testing::HasSubstr("TEMP B-TREE"))) << sql << "\n" << plan;
        } else {
          // Matches drive the query: each is one primary-key lookup.
          EXPECT_THAT(plan, testing::HasSubstr("SEARCH p USING INTEGER PRIMARY KEY")) << plan;
        }
      }
    }
  }
}

TEST(QueryPlanTest, PackageQueriesUseKeys) {
  auto db = testutil::OpenTestDatabase();
  const std::string package = Plan(
      *db,
      "SELECT id, EXISTS (SELECT 1 FROM og_images WHERE package_id = packages.id) FROM packages "
      "WHERE type = 'plugin' AND name = 'x'");
  EXPECT_THAT(package, testing::HasSubstr("(type=? AND name=?)"));
  ExpectNoFullScan(package, "package");
  const std::string versions =
      Plan(*db, "SELECT version, published_at FROM package_versions WHERE package_id = 1");
  EXPECT_THAT(versions, testing::HasSubstr("SEARCH package_versions USING PRIMARY KEY"));
  const std::string months =
      Plan(*db,
           "SELECT month, installs FROM monthly_installs WHERE package_id = 1 ORDER BY month DESC "
           "LIMIT 12");
  EXPECT_THAT(months, testing::HasSubstr("SEARCH monthly_installs USING PRIMARY KEY"));
}

}  // namespace
}  // namespace wpp::web
