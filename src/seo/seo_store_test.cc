#include "seo/seo_store.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "testutil/test_db.h"

namespace wpp::seo {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Plan(db::Database& db, const std::string& sql) {
  return testutil::QueryPlan(db, sql);
}

class SeoStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testutil::OpenTestDatabase();
    std::string sql =
        "INSERT INTO packages (id, type, name, display_name, author, current_version, is_active, "
        "created_at, updated_at) VALUES ";
    for (int i = 1; i <= 6000; ++i) {
      sql += (i == 1 ? "" : ",");
      sql += "(" + std::to_string(i) + ", '" + (i % 5 == 0 ? "theme" : "plugin") + "', 'p" +
             std::to_string(i) + "', 'P" + std::to_string(i) + "', 'A', '1.0', " +
             (i % 7 == 0 ? "0" : "1") + ", 'x', '2026-01-01T00:00:" + (i % 60 < 10 ? "0" : "") +
             std::to_string(i % 60) + "Z')";
    }
    ASSERT_TRUE(db_->Exec(sql).ok());
    ASSERT_TRUE(db_->Exec("DELETE FROM closure_events; UPDATE packages SET updated_at = "
                          "'2026-02-02T00:00:00Z' WHERE id = 4321; "
                          "INSERT INTO closure_events (vendor_name, vendor_slug, detected_at, "
                          "plugin_slugs, plugin_count) VALUES "
                          "('Acme', 'acme', '2026-01-01T00:00:00Z', '[\"a\",\"b\"]', 2), "
                          "('Acme', 'acme', '2026-01-05T00:00:00Z', '[\"c\",\"d\",7]', 2), "
                          "('Beta', 'beta', '2026-01-03T00:00:00Z', 'not json', 3); ANALYZE")
                    .ok());
  }
  std::unique_ptr<db::Database> db_;
};

// No query of a request path reads the catalogue: each is a search on an
// index or a rowid range, never a scan of packages, never a sort in a temp
// table (docs/behaviour.md §18.1).
TEST_F(SeoStoreTest, QueryPlansAreBounded) {
  const std::string max_id = Plan(*db_, kMaxPackageIdSql);
  EXPECT_THAT(max_id, Not(HasSubstr("SCAN"))) << max_id;
  const std::string sitemap = Plan(*db_, kSitemapPackagesSql);
  EXPECT_THAT(sitemap, HasSubstr("SEARCH packages USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"))
      << sitemap;
  EXPECT_THAT(sitemap, Not(HasSubstr("TEMP B-TREE"))) << sitemap;
  const std::string feed = Plan(*db_, kFeedPackagesSql);
  EXPECT_THAT(feed, HasSubstr("USING INDEX idx_packages_active_updated (is_active=?)")) << feed;
  EXPECT_THAT(feed, Not(HasSubstr("TEMP B-TREE"))) << feed;
  const std::string closures = Plan(*db_, kRecentClosuresSql);
  EXPECT_THAT(closures, HasSubstr("idx_closure_events_detected_at")) << closures;
  EXPECT_THAT(closures, Not(HasSubstr("TEMP B-TREE"))) << closures;
  const std::string vendors = Plan(*db_, kClosureVendorsSql);
  EXPECT_THAT(vendors, HasSubstr("idx_closure_events_vendor_slug")) << vendors;
  EXPECT_THAT(vendors, Not(HasSubstr("packages"))) << vendors;
}

TEST_F(SeoStoreTest, Reads) {
  EXPECT_EQ(MaxPackageId(*db_).value(), 6000);
  const auto first = SitemapPackages(*db_, 0).value();
  EXPECT_EQ(first.size(), 2500u - 2500u / 7);  // Inactive ones skipped.
  EXPECT_EQ(first.front().name, "p1");
  const auto third = SitemapPackages(*db_, 2).value();
  EXPECT_EQ(third.front().name, "p5001");
  EXPECT_EQ(third.back().name, "p6000");
  EXPECT_TRUE(SitemapPackages(*db_, 3).value().empty());
  const auto feed = FeedPackages(*db_).value();
  ASSERT_EQ(feed.size(), 50u);
  EXPECT_EQ(feed.front().name, "p4321");
  EXPECT_EQ(feed.front().display_name, "P4321");
  const auto events = RecentClosures(*db_).value();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].detected_at, "2026-01-05T00:00:00Z");
  EXPECT_THAT(events[0].plugin_slugs, ElementsAre("c", "d"));  // Non-strings skipped.
  EXPECT_TRUE(events[1].plugin_slugs.empty());                 // Bad JSON: none.
  const auto vendors = ClosureVendors(*db_).value();
  ASSERT_EQ(vendors.size(), 2u);
  EXPECT_EQ(vendors[0].vendor_slug, "acme");
  EXPECT_EQ(vendors[0].detected_at, "2026-01-05T00:00:00Z");
}

}  // namespace
}  // namespace wpp::seo
