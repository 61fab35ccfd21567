#include "seo/seo_routes.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "seo/seo_test_util.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::seo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string HeaderOf(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) {
      return v;
    }
  }
  return {};
}

std::string BodyOf(const http::Response& r) {
  return r.shared_body ? *r.shared_body : r.body;
}

class SeoRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = tmp_.file("wpp.db");
    auto db = db::Database::Open(path);
    ASSERT_TRUE(db && (*db)->Migrate());
    db_ = std::move(db).value();
    ASSERT_TRUE(db_->Exec("INSERT INTO packages (id, type, name, display_name, is_active, "
                          "created_at, updated_at) VALUES "
                          "(1, 'plugin', 'akismet', '<script>alert(1)</script>', 1, 'x', "
                          "'2026-03-01T00:00:00Z'), (2, 'theme', 'gone', NULL, 0, 'x', 'x'), "
                          "(2600, 'plugin', 'late', NULL, 1, 'x', '2026-03-02T00:00:00Z')")
                    .ok());
    pool_ = std::move(db::ConnectionPool::Open(path, 2)).value();
    RegisterSeoRoutes(router_, *pool_, clock_,
                      {.app_url = "https://r.example/", .site_name = "Repo", .ttl = ttl_});
  }

  http::Response Get(const std::string& path, http::Headers headers = {}) {
    http::Request r{.method = "GET", .path = path, .headers = std::move(headers)};
    return router_.Dispatch(r);
  }

  testutil::TempDir tmp_;
  testutil::FakeClock clock_;
  std::chrono::seconds ttl_{3600};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<db::ConnectionPool> pool_;
  http::Router router_;
};

TEST_F(SeoRoutesTest, RobotsAndOpenSearch) {
  const auto robots = Get("/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_THAT(robots.body, HasSubstr("Sitemap: https://r.example/sitemap.xml"));
  const auto search = Get("/opensearch.xml");
  EXPECT_EQ(HeaderOf(search, "Content-Type"),
            "application/opensearchdescription+xml; charset=utf-8");
  EXPECT_THAT(BodyOf(search), HasSubstr("<ShortName>Repo</ShortName>"));
}

TEST_F(SeoRoutesTest, SitemapIndexAndFiles) {
  const auto index = Get("/sitemap.xml");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(HeaderOf(index, "Content-Type"), "application/xml; charset=utf-8");
  EXPECT_EQ(HeaderOf(index, "Cache-Control"), "public, max-age=3600");
  EXPECT_THAT(BodyOf(index), HasSubstr("https://r.example/sitemaps/packages-1.xml"));
  EXPECT_THAT(BodyOf(index), Not(HasSubstr("packages-2.xml")));
  const auto zero = Get("/sitemaps/packages-0.xml");
  EXPECT_EQ(zero.status, 200);
  EXPECT_EQ(XmlError(BodyOf(zero)), "");
  EXPECT_THAT(BodyOf(zero), HasSubstr("https://r.example/packages/wp-plugin/akismet"));
  EXPECT_THAT(BodyOf(zero), Not(HasSubstr("gone")));
  EXPECT_THAT(BodyOf(Get("/sitemaps/packages-1.xml")), HasSubstr("wp-plugin/late"));
  EXPECT_EQ(Get("/sitemaps/pages.xml").status, 200);
  const auto gz = Get("/sitemaps/pages.xml", {{"accept-encoding", "gzip, br"}});
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  EXPECT_LT(BodyOf(gz).size(), BodyOf(Get("/sitemaps/pages.xml")).size());
  for (const char* bad :
       {"/sitemaps/packages-2.xml", "/sitemaps/packages--1.xml", "/sitemaps/packages-x.xml",
        "/sitemaps/packages-.xml", "/sitemaps/packages-1.xml.gz",
        "/sitemaps/packages-9999999999.xml", "/sitemaps/other.xml"}) {
    EXPECT_EQ(Get(bad).status, 404) << bad;
  }
}

TEST_F(SeoRoutesTest, LegacyNamesRedirect) {
  const auto r = Get("/sitemap-packages-1.xml");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(HeaderOf(r, "Location"), "https://r.example/sitemaps/packages-1.xml");
  EXPECT_EQ(HeaderOf(Get("/sitemap-pages.xml"), "Location"),
            "https://r.example/sitemaps/pages.xml");
  EXPECT_EQ(Get("/sitemap-packages-x.xml").status, 404);
}

TEST_F(SeoRoutesTest, FeedsAreCachedAndRevalidate) {
  const auto feed = Get("/feed.xml");
  EXPECT_EQ(feed.status, 200);
  EXPECT_EQ(HeaderOf(feed, "Content-Type"), "application/atom+xml; charset=utf-8");
  EXPECT_EQ(XmlError(BodyOf(feed)), "");
  EXPECT_THAT(BodyOf(feed), Not(HasSubstr("<script>")));
  const std::string etag = HeaderOf(feed, "ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(Get("/feed.xml", {{"if-none-match", etag}}).status, 304);
  EXPECT_EQ(Get("/feed.xml", {{"if-modified-since", HeaderOf(feed, "Last-Modified")}}).status, 304);
  // Within the hour the cached document is served, changes or not.
  ASSERT_TRUE(db_->Exec("UPDATE packages SET display_name = 'Renamed' WHERE id = 1").ok());
  EXPECT_EQ(HeaderOf(Get("/feed.xml"), "ETag"), etag);
  clock_.Advance(std::chrono::seconds(3601));
  const auto fresh = Get("/feed.xml");
  EXPECT_NE(HeaderOf(fresh, "ETag"), etag);
  EXPECT_THAT(BodyOf(fresh), HasSubstr("Renamed"));
  EXPECT_EQ(Get("/feed.xml", {{"if-none-match", etag}}).status, 200);

  const auto rss = Get("/closures/feed");
  EXPECT_EQ(rss.status, 200);
  EXPECT_EQ(HeaderOf(rss, "Content-Type"), "application/rss+xml; charset=utf-8");
  EXPECT_EQ(XmlError(BodyOf(rss)), "");
}

}  // namespace
}  // namespace wpp::seo
