// The site pages through the router (docs/behaviour.md §18.9–§18.13).
#include "web/site_pages.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "base/strings.h"
#include "base/text.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"
#include "web/middleware.h"
#include "web/pages.h"

namespace wpp::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SitePagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = tmp_.file("wpp.db");
    auto db = db::Database::Open(path);
    ASSERT_TRUE(db && (*db)->Migrate());
    db_ = std::move(db).value();
    ASSERT_TRUE(
        db_->Exec("DELETE FROM closure_events;"
                  "INSERT INTO packages (id, type, name, display_name, author, versions_json, "
                  "current_version, wporg_version, active_installs, is_active, created_at, "
                  "updated_at) VALUES "
                  "(1, 'plugin', 'akismet', 'Akismet', 'Automattic', '{\"5.0\":\"u\"}', '5.0', "
                  "'5.0', 100, 1, 'x', 'x'), "
                  "(2, 'plugin', 'evil', '<script>alert(1)</script>', '\" onmouseover=\"x', '{}', "
                  "'1.0', '1.0', 50, 1, 'x', 'x');"
                  "UPDATE package_stats SET active_plugins = 2;"
                  "INSERT INTO builds (id, started_at, status, packages_total, error_message) "
                  "VALUES ('20260313-130000', '2026-03-13T13:00:00Z', 'failed', 2, '<b>x</b>');"
                  "INSERT INTO closure_events (vendor_name, vendor_slug, detected_at, "
                  "plugin_slugs, plugin_count) VALUES ('Evil <i>Co</i>', 'evil-co', "
                  "'2026-03-12T00:00:00Z', '[\"evil\",\"unknown-one\"]', 2)")
            .ok());
    pool_ = std::move(db::ConnectionPool::Open(path, 2)).value();
    renderer_ = std::move(Renderer::Create({.site_name = "Repo", .app_url = "", .footer_text = {}}))
                    .value();
    RegisterSite(router_, *renderer_);
    RegisterSitePages(router_, *pool_, *renderer_, clock_,
                      {.app_url = "",
                       .current_build = [] { return std::string("20260313-130000"); },
                       .og_image_url = {}});
  }

  http::Response Get(const std::string& path, http::Headers headers = {}) {
    http::Request r{.method = "GET", .path = path, .headers = std::move(headers)};
    const auto q = path.find('?');
    if (q != std::string::npos) {
      r.path = path.substr(0, q);
      for (const auto& pair : base::Split(path.substr(q + 1), '&')) {
        const auto eq = pair.find('=');
        r.query.emplace(base::FormDecode(pair.substr(0, eq)),
                        eq == std::string::npos ? "" : base::FormDecode(pair.substr(eq + 1)));
      }
    }
    return router_.Dispatch(r);
  }

  testutil::TempDir tmp_;
  testutil::FakeClock clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<Renderer> renderer_;
  http::Router router_;
};

std::string Body(const http::Response& r) {
  return r.shared_body ? *r.shared_body : r.body;
}

TEST_F(SitePagesTest, StatusShowsBuildsAndEscapes) {
  const auto r = Get("/status");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(Body(r), HasSubstr("20260313-130000"));
  EXPECT_THAT(Body(r), HasSubstr("title=\"&lt;b&gt;x&lt;/b&gt;\""));
  const auto md = Get("/status.md");
  EXPECT_EQ(md.status, 200);
  EXPECT_THAT(Body(md), HasSubstr("# Status"));
  EXPECT_THAT(Body(md), HasSubstr("`20260313-130000` (current)"));
}

TEST_F(SitePagesTest, ClosuresAndVendor) {
  const auto list = Get("/closures");
  ASSERT_EQ(list.status, 200);
  EXPECT_THAT(Body(list), HasSubstr("Evil &lt;i&gt;Co&lt;/i&gt;"));
  EXPECT_THAT(Body(list), HasSubstr("href=\"/closures/evil-co\""));
  const auto vendor = Get("/closures/evil-co");
  ASSERT_EQ(vendor.status, 200);
  EXPECT_THAT(Body(vendor), Not(HasSubstr("<script>alert")));
  EXPECT_THAT(Body(vendor), HasSubstr("Unknown"));
  EXPECT_EQ(Get("/closures/nobody").status, 404);
  EXPECT_EQ(Get("/closures/Bad%20Slug").status, 404);
  // Bidirectional overrides never reach the page (docs/behaviour.md §17.3).
  ASSERT_TRUE(db_->Exec("UPDATE closure_events SET vendor_name = 'Evil \xE2\x80\xAE"
                        "oC'")
                  .ok());
  const auto fresh = Get("/closures?sort=closures");  // Not yet kept in memory.
  EXPECT_THAT(Body(fresh), HasSubstr("Evil oC"));
  EXPECT_THAT(Body(fresh), Not(HasSubstr("\xE2\x80\xAE")));
  ASSERT_TRUE(db_->Exec("UPDATE closure_events SET vendor_name = 'Evil <i>Co</i>'").ok());
  const auto md = Get("/closures/evil-co.md");
  EXPECT_THAT(Body(md), HasSubstr("# Evil \\<i\\>Co\\</i\\>"));
}

TEST_F(SitePagesTest, Untagged) {
  const auto page = Get("/untagged");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(Body(page), HasSubstr("1 plugins affected (50.0% of all plugins)"));
  EXPECT_THAT(Body(page), Not(HasSubstr("<script>alert")));
  const auto partial = Get("/untagged-partial?search=evil&filter=trunk-only");
  EXPECT_EQ(partial.status, 200);
  EXPECT_EQ(ResponseHeader(partial, "X-Robots-Tag"), "noindex");
  EXPECT_EQ(ResponseHeader(partial, "HX-Push-Url"), "/untagged?filter=trunk-only&search=evil");
  EXPECT_THAT(Body(partial), HasSubstr("wp-plugin/evil"));
  EXPECT_THAT(Body(Get("/untagged-partial?search=zzz")), HasSubstr("No plugins match"));
  EXPECT_EQ(Body(Get("/untagged-authors?q=%22%20")), "[]");
  const auto authors = Get("/untagged-authors?q=%22%20on");
  EXPECT_EQ(Body(authors), "[\"\\\" onmouseover=\\\"x\"]");
  for (const char* q : {"%22", "*", "NEAR(a%20b)", "%25_", "-x", "%00"}) {
    EXPECT_EQ(Get(std::string("/untagged-partial?search=") + q).status, 200) << q;
  }
}

TEST_F(SitePagesTest, ContentPagesAndRedirects) {
  for (const char* path :
       {"/docs", "/compare", "/wordpress-core", "/docs.md", "/compare.md", "/wordpress-core.md"}) {
    const auto r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_THAT(Body(r), HasSubstr("Repo")) << path;
  }
  EXPECT_EQ(ResponseHeader(Get("/wp-packages-vs-wpackagist"), "Location"), "/compare");
  EXPECT_EQ(ResponseHeader(Get("/roots-wordpress"), "Location"), "/wordpress-core");
}

}  // namespace
}  // namespace wpp::web
