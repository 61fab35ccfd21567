#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "web/page_fixture.h"
#include "web/pages_internal.h"

namespace wpp::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using PagesTest = PageFixture;

TEST_F(PagesTest, HomeListsBySortAndType) {
  http::Response r = Get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("WooCommerce"));
  EXPECT_THAT(r.body, Not(HasSubstr(">Gone<")));  // Inactive packages are not listed.
  EXPECT_LT(r.body.find("WooCommerce"), r.body.find("Akismet"));  // Composer installs.
  r = Get("/?sort=active_installs");
  EXPECT_LT(r.body.find("Akismet"), r.body.find("WooCommerce"));
  r = Get("/?type=theme");
  EXPECT_THAT(r.body, HasSubstr("Astra"));
  EXPECT_THAT(r.body, Not(HasSubstr("WooCommerce")));
  EXPECT_THAT(Get("/?type=bogus").body, HasSubstr("No packages match."));
}

TEST_F(PagesTest, SearchFindsPrefixesAndCollapsedNames) {
  EXPECT_THAT(Get("/?search=woo").body, HasSubstr("WooCommerce"));
  EXPECT_THAT(Get("/?search=Woo-Commerce").body, HasSubstr("WooCommerce"));
  EXPECT_THAT(Get("/?search=woo+commerce").body, HasSubstr("WooCommerce"));
  EXPECT_THAT(Get("/?search=spam").body, HasSubstr("Akismet"));
  EXPECT_THAT(Get("/?search=zzzz").body, HasSubstr("No packages match."));
}

// A long name search is answered from a few of its trigrams, then each
// candidate is checked for the whole text (docs/behaviour.md §17.7): a name
// holding those trigrams apart is not a match.
TEST_F(PagesTest, LongNameSearchesMatchTheWholeText) {
  ASSERT_TRUE(db_->Exec("INSERT INTO packages (id, type, name, display_name, description, "
                        "versions_json, is_active, created_at, updated_at) VALUES "
                        "(10, 'plugin', 'contact-form-seven', 'CF7 Lookalike', 'x', '{}', 1, "
                        "'x', 'x'), "
                        "(11, 'plugin', 'con-act-orm-ven', 'Decoy Pieces', 'x', '{}', 1, 'x', "
                        "'x')")
                  .ok());
  ASSERT_TRUE(NameTrigrams("contact form seven").check);
  for (const char* search : {"contactformseven", "contact_form-seven", "Contact FormSeven"}) {
    const std::string body = Get(std::string("/?search=") + search).body;
    EXPECT_THAT(body, HasSubstr("CF7 Lookalike")) << search;
    EXPECT_THAT(body, Not(HasSubstr("Decoy Pieces"))) << search;
  }
  // Short: the trigram phrase alone answers.
  EXPECT_THAT(Get("/?search=formsev").body, HasSubstr("CF7 Lookalike"));
}

TEST_F(PagesTest, HostileSearchesNeverFail) {
  for (std::string search :
       {std::string("\""), std::string("\"\""), std::string("*"), std::string("NEAR(a b)"),
        std::string("-woo"), std::string("a AND OR NOT"), std::string("\"woo"),
        std::string("col:woo"), std::string("^woo"), std::string(10240, 'a'),
        std::string("\xff\xfe"), std::string("()"), std::string("woo*\"")}) {
    http::Request r;
    r.method = "GET";
    r.path = "/packages-partial";
    r.query.emplace("search", search);
    const http::Response answer = Flat(router_.Dispatch(r));
    EXPECT_EQ(answer.status, 200) << search.substr(0, 40) << ": " << answer.body.substr(0, 200);
  }
}

TEST_F(PagesTest, PartialIsAFragmentThatMovesTheAddressBar) {
  http::Response r = Get("/packages-partial?search=woo&type=plugin&sort=name");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("id=\"package-results\""));
  EXPECT_THAT(r.body, HasSubstr("WooCommerce"));
  EXPECT_THAT(r.body, Not(HasSubstr("<html")));
  EXPECT_EQ(Header(r, "HX-Push-Url"), "/?search=woo&sort=name&type=plugin");
  EXPECT_EQ(Header(r, "X-Robots-Tag"), "noindex");
}

TEST_F(PagesTest, PackagePageShowsVersionsAndLinks) {
  http::Response r = Get("/packages/wp-plugin/woocommerce");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("composer require wp-plugin/woocommerce"));
  EXPECT_THAT(r.body, HasSubstr("2026-01-02"));  // 9.1's publish date.
  EXPECT_LT(r.body.find(">9.1<"), r.body.find(">9.0<"));
  EXPECT_THAT(r.body, HasSubstr("dev-trunk"));
  EXPECT_THAT(r.body, HasSubstr("href=\"https://woo.example\""));
  EXPECT_THAT(r.body, HasSubstr("https://wordpress.org/plugins/woocommerce/"));
  EXPECT_THAT(r.body, HasSubstr("<svg viewBox=\"0 0 648 208\""));
  EXPECT_THAT(r.body, HasSubstr("application/ld+json"));
  EXPECT_THAT(r.body, HasSubstr("\"SoftwareApplication\""));
  EXPECT_EQ(Get("/packages/plugin/woocommerce").status, 200);
  EXPECT_EQ(Get("/packages/wp-plugin/nope").status, 404);
  EXPECT_EQ(Get("/packages/wp-widget/woocommerce").status, 404);
}

TEST_F(PagesTest, CachedPackagePageFollowsItsData) {
  const http::Response before = Get("/packages/wp-plugin/woocommerce");
  EXPECT_EQ(Get("/packages/wp-plugin/woocommerce").body, before.body);  // From the cache.
  ASSERT_TRUE(db_->Exec("UPDATE packages SET wp_packages_installs_total = 2500000, "
                        "description = 'Sell more' WHERE id = 1")
                  .ok());
  const http::Response after = Get("/packages/wp-plugin/woocommerce");
  EXPECT_NE(Header(after, "ETag"), Header(before, "ETag"));
  EXPECT_THAT(after.body, HasSubstr("2.5M"));
}

TEST_F(PagesTest, UntaggedAndClosedPackagesExplainThemselves) {
  http::Response r = Get("/packages/wp-plugin/akismet");
  EXPECT_THAT(r.body, HasSubstr("Latest version not tagged"));
  EXPECT_THAT(r.body, Not(HasSubstr("javascript:")));  // Homepage neutralised.
  r = Get("/packages/wp-plugin/trunky");
  EXPECT_THAT(r.body, HasSubstr("No tagged releases"));
  EXPECT_THAT(r.body, HasSubstr("composer require wp-plugin/trunky:dev-trunk"));
  r = Get("/packages/wp-plugin/gone");
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("closed on WordPress.org"));
  EXPECT_THAT(r.body, HasSubstr("Security Issue"));
  EXPECT_THAT(r.body, HasSubstr("No versions available."));
  EXPECT_THAT(r.body, Not(HasSubstr("Composer installs</h2>")));  // No chart without data.
  EXPECT_THAT(r.body, HasSubstr("noindex"));
}

// docs/behaviour.md §17.9: a package page checked recently is answered from
// memory, on the connection's thread, for the window; an unchecked one is
// deferred to a worker.
class RecentPagesTest : public PageFixture {
 protected:
  void SetUp() override {
    recent_window_ = std::chrono::seconds(3600);
    PageFixture::SetUp();
  }
};

TEST_F(RecentPagesTest, CheckedPagesAreAnsweredFromMemoryForTheWindow) {
  const std::string path = "/packages/wp-plugin/woocommerce";
  EXPECT_TRUE(Get(path, {}, /*may_block=*/false).deferred);  // Never checked.
  EXPECT_TRUE(Get("/?search=woo", {}, false).deferred);      // Not in memory yet.
  const http::Response before = Get(path);
  ASSERT_EQ(before.status, 200);
  const std::string etag = Header(before, "ETag");
  ASSERT_TRUE(db_->Exec("UPDATE packages SET description = 'Sell more' WHERE id = 1").ok());
  // Within the window: the checked page, without the database.
  const http::Response inline_hit = Get(path, {}, false);
  EXPECT_FALSE(inline_hit.deferred);
  EXPECT_EQ(inline_hit.body, before.body);
  const http::Response not_modified = Get(path, {{"if-none-match", etag}}, false);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(Header(not_modified, "ETag"), etag);
  EXPECT_THAT(Header(not_modified, "Content-Security-Policy"), HasSubstr("default-src"));
  // The Markdown view was never checked: deferred, then from the database.
  EXPECT_TRUE(Get(path + ".md", {}, false).deferred);
  EXPECT_THAT(Get(path + ".md").body, HasSubstr("Sell more"));
  // A listing, once rendered, is answered inline too.
  ASSERT_EQ(Get("/?search=woo").status, 200);
  EXPECT_FALSE(Get("/?search=woo", {}, false).deferred);
}

// docs/behaviour.md §20.7: the page and its Markdown view list advisories;
// a new advisory changes the ETag.
TEST_F(PagesTest, PackagePageListsSecurityAdvisories) {
  const http::Response before = Get("/packages/wp-plugin/woocommerce");
  EXPECT_THAT(before.body, Not(HasSubstr("Security advisories")));
  ASSERT_TRUE(db_->Exec("INSERT INTO advisories (package_name, advisory_id, source, title, link,"
                        " cve, affected_versions, reported_at, severity, json, updated_at) VALUES"
                        " ('wp-plugin/woocommerce', 'WF-1', 'feed', 'Woo <= 9.0 - XSS',"
                        " 'https://example.org/wf-1', 'CVE-2025-1', '<=9.0',"
                        " '2025-02-03 04:05:06', 'high', '{}', 1)")
                  .ok());
  const http::Response after = Get("/packages/wp-plugin/woocommerce");
  EXPECT_NE(Header(after, "ETag"), Header(before, "ETag"));
  EXPECT_THAT(after.body, HasSubstr("Security advisories (1)"));
  EXPECT_THAT(after.body, HasSubstr("Woo &lt;= 9.0 - XSS"));
  EXPECT_THAT(after.body, HasSubstr("CVE-2025-1"));
  EXPECT_THAT(after.body, HasSubstr("href=\"https://example.org/wf-1\""));
  const http::Response md = Get("/packages/wp-plugin/woocommerce.md");
  EXPECT_THAT(md.body, HasSubstr("## Security advisories (1)"));
  EXPECT_THAT(md.body, HasSubstr("reported 2025-02-03, CVE-2025-1, severity high"));
}

TEST(CleanTest, DropsBidiControlsAndBadBytes) {
  EXPECT_EQ(internal::Clean("\u202Eevil\u202C author"), "evil author");
  EXPECT_EQ(internal::Clean("a\u2066b\u2069c"), "abc");
  EXPECT_EQ(internal::Clean("x\xFFy"), "x\uFFFDy");
  EXPECT_EQ(internal::Clean("日本語 ok"), "日本語 ok");
}

TEST_F(PagesTest, HostileFieldsAreInert) {
  const http::Response r = Get("/packages/wp-plugin/trunky");
  EXPECT_THAT(r.body, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(r.body, Not(HasSubstr("<img src=x")));
  EXPECT_THAT(r.body, Not(HasSubstr("<b>me</b>")));
  EXPECT_THAT(r.body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  // JSON-LD cannot close its script element.
  EXPECT_THAT(r.body, HasSubstr("\\u003cscript>alert(1)\\u003c/script>"));
  EXPECT_THAT(Get("/packages/wp-plugin/trunky.md").body, HasSubstr("\\<script\\>"));
  EXPECT_THAT(Get("/?search=%3Cscript%3E").body, Not(HasSubstr("<script>")));
}

}  // namespace
}  // namespace wpp::web
