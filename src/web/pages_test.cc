#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "web/page_fixture.h"

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
    const http::Response answer = router_.Dispatch(r);
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
  EXPECT_THAT(r.body, HasSubstr("noindex"));
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
