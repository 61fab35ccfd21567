#include "web/middleware.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "http/file_cache.h"
#include "web/assets.h"
#include "web/page_fixture.h"

namespace wpp::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using MiddlewareTest = PageFixture;

TEST_F(MiddlewareTest, HtmlGetsSecurityHeadersAndCsp) {
  const http::Response r = Get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Header(r, "X-Frame-Options"), "DENY");
  EXPECT_THAT(Header(r, "Content-Security-Policy"), HasSubstr("script-src 'self';"));
  EXPECT_THAT(Header(r, "Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));
  EXPECT_THAT(Header(r, "Content-Security-Policy"), Not(HasSubstr("unsafe")));
  EXPECT_THAT(Header(r, "Vary"), HasSubstr("Accept"));
  EXPECT_THAT(Header(r, "Vary"), HasSubstr("Accept-Encoding"));
  EXPECT_FALSE(Header(r, "ETag").empty());
}

TEST_F(MiddlewareTest, StrongEtagGives304) {
  const http::Response first = Get("/?search=woo");
  const std::string etag = Header(first, "ETag");
  ASSERT_FALSE(etag.empty());
  const http::Response again = Get("/?search=woo", {{"if-none-match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  const http::Response package = Get("/packages/wp-plugin/woocommerce");
  const http::Response revalidated =
      Get("/packages/wp-plugin/woocommerce", {{"if-none-match", Header(package, "ETag")}});
  EXPECT_EQ(revalidated.status, 304);
}

TEST_F(MiddlewareTest, GzipWhenAccepted) {
  const http::Response r = Get("/", {{"accept-encoding", "gzip, br"}});
  EXPECT_EQ(Header(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(static_cast<unsigned char>(r.body[0]), 0x1f);
  EXPECT_EQ(Header(Get("/"), "Content-Encoding"), "");
}

TEST_F(MiddlewareTest, TrailingSlashRedirects) {
  http::Response r = Get("/docs/?a=b");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(Header(r, "Location"), "/docs?a=b");
  EXPECT_EQ(Header(Get("/packages/wp-plugin/"), "Location"), "/");
  EXPECT_EQ(Header(Get("/packages/wp-plugin/akismet/"), "Location"), "/packages/wp-plugin/akismet");
}

TEST_F(MiddlewareTest, UnknownPathsGetTheHtml404Page) {
  const http::Response r = Get("/no/such/page");
  EXPECT_EQ(r.status, 404);
  EXPECT_THAT(r.body, HasSubstr("Page not found"));
  EXPECT_THAT(r.body, HasSubstr("Browse packages"));
  EXPECT_THAT(Header(r, "Content-Type"), HasSubstr("text/html"));
}

TEST_F(MiddlewareTest, MarkdownSuffixAndAccept) {
  http::Response r = Get("/packages/wp-plugin/woocommerce.md");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(Header(r, "Content-Type"), HasSubstr("text/markdown"));
  EXPECT_EQ(Header(r, "X-Robots-Tag"), "noindex");
  EXPECT_THAT(Header(r, "Vary"), HasSubstr("Accept"));
  EXPECT_THAT(r.body, HasSubstr("# WooCommerce"));
  EXPECT_THAT(r.body, HasSubstr("composer require wp-plugin/woocommerce"));
  r = Get("/packages/wp-plugin/woocommerce", {{"accept", "text/markdown"}});
  EXPECT_THAT(Header(r, "Content-Type"), HasSubstr("text/markdown"));
  r = Get("/packages/wp-plugin/woocommerce", {{"accept", "image/png"}});
  EXPECT_EQ(r.status, 406);
  r = Get("/packages/wp-plugin/woocommerce");
  EXPECT_EQ(Header(r, "Link"),
            "</packages/wp-plugin/woocommerce.md>; rel=\"alternate\"; type=\"text/markdown\"");
  EXPECT_EQ(Get("/index.md").status, 200);
  EXPECT_THAT(Get("/index.md?search=woo").body, HasSubstr("Search: \"woo\""));
  EXPECT_EQ(Get("/assets/nothing.md").status, 404);
  EXPECT_EQ(Get("/no-such-page.md").status, 404);
}

TEST_F(MiddlewareTest, AssetsAreImmutable) {
  const std::string url = Assets::Embedded().Url("app.js");
  http::Response r = Get(url);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Header(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Get(url, {{"if-none-match", Header(r, "ETag")}}).status, 304);
  EXPECT_EQ(Get("/assets/app.000000000000.js").status, 404);
}

}  // namespace
}  // namespace wpp::web
