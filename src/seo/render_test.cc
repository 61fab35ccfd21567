#include "seo/render.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "seo/seo_test_util.h"
#include "seo/xml.h"

namespace wpp::seo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const base::Clock::TimePoint kNow = base::FromUnixSeconds(1773410400);  // 2026-03-13T14:00:00Z

// Every kind of hostile text the hostile corpus carries.
const std::string kHostile =
    "<script>alert(1)</script>\" onmouseover=\"alert(2)' &amp; \xC3\x28\xFF \x01\x1b "
    "\xE2\x80\xAE"
    "gnp.exe javascript:alert(3) ]]>";

TEST(XmlTextTest, EscapesAndCleans) {
  EXPECT_EQ(XmlText("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
  EXPECT_EQ(XmlText("x\x01y\x1bz\tw\n"), "xyz\tw\n");  // Forbidden controls dropped.
  EXPECT_EQ(XmlText("\xC3\x28"), "\xEF\xBF\xBD(");     // Invalid UTF-8 → U+FFFD.
  EXPECT_EQ(XmlText("\xEF\xBF\xBE"), "");              // U+FFFE is not an XML character.
  EXPECT_EQ(XmlText("caf\xC3\xA9 \xE2\x80\xAE"), "caf\xC3\xA9 \xE2\x80\xAE");
  EXPECT_EQ(XmlError("<a t=\"" + XmlText(kHostile) + "\">" + XmlText(kHostile) + "</a>"), "");
}

TEST(DatesTest, Forms) {
  EXPECT_EQ(DatePart("2026-04-27T13:03:45Z"), "2026-04-27");
  EXPECT_EQ(DatePart("x"), "");
  EXPECT_EQ(Rfc1123(kNow), "Fri, 13 Mar 2026 14:00:00 +0000");
  EXPECT_EQ(Absolute("https://repo.example/", "/feed.xml"), "https://repo.example/feed.xml");
  EXPECT_EQ(Absolute("", "/feed.xml"), "/feed.xml");
}

TEST(RobotsTest, PointsAtTheSitemap) {
  const std::string robots = RobotsTxt({.app_url = "https://repo.example", .name = "x"});
  EXPECT_THAT(robots, HasSubstr("User-agent: *\nAllow: /\nDisallow: /admin\n"));
  EXPECT_THAT(robots, HasSubstr("Disallow: /packages-partial\n"));
  EXPECT_THAT(robots, HasSubstr("\nSitemap: https://repo.example/sitemap.xml\n"));
  EXPECT_THAT(RobotsTxt({}), HasSubstr("Sitemap: /sitemap.xml\n"));
}

TEST(SitemapTest, IndexListsEveryFile) {
  const std::string xml = SitemapIndex({.app_url = "https://r.example", .name = "x"}, 3, kNow);
  EXPECT_EQ(XmlError(xml), "");
  EXPECT_THAT(xml, HasSubstr("<loc>https://r.example/sitemaps/pages.xml</loc>"));
  EXPECT_THAT(xml, HasSubstr("<loc>https://r.example/sitemaps/packages-2.xml</loc>"));
  EXPECT_THAT(xml, Not(HasSubstr("packages-3.xml")));
  EXPECT_THAT(xml, HasSubstr("<lastmod>2026-03-13</lastmod>"));
}

TEST(SitemapTest, PackagesAndVendorsAreEscaped) {
  const Site site{.app_url = "https://r.example", .name = "x"};
  const std::string packages = PackageSitemap(
      site, {{.type = "plugin", .name = "akismet", .updated_at = "2026-01-02T03:04:05Z"},
             {.type = "theme", .name = "a<b>&\"c", .updated_at = "bad"}});
  EXPECT_EQ(XmlError(packages), "");
  EXPECT_THAT(packages, HasSubstr("<loc>https://r.example/packages/wp-plugin/akismet</loc>\n"
                                  "    <lastmod>2026-01-02</lastmod>"));
  EXPECT_THAT(packages, HasSubstr("<loc>https://r.example/packages/wp-theme/a%3Cb%3E%26%22c</loc>\n"
                                  "  </url>"));
  const std::string pages =
      PagesSitemap(site, {{.vendor_slug = "acme", .detected_at = "2026-02-01T00:00:00Z"}});
  EXPECT_EQ(XmlError(pages), "");
  EXPECT_THAT(pages, HasSubstr("<loc>https://r.example/status</loc>"));
  EXPECT_THAT(pages,
              HasSubstr("<loc>https://r.example/closures/acme</loc>\n    <lastmod>2026-02-01"));
}

TEST(AtomFeedTest, HostileFieldsStayText) {
  const std::string xml = AtomFeed({.app_url = "https://r.example", .name = "My <Repo>"},
                                   {{.type = "plugin",
                                     .name = "evil",
                                     .display_name = kHostile,
                                     .author = kHostile,
                                     .current_version = "1.0",
                                     .updated_at = "2026-03-01T10:00:00Z"},
                                    {.type = "theme",
                                     .name = "plain",
                                     .display_name = "",
                                     .author = "",
                                     .current_version = "",
                                     .updated_at = "garbage"}},
                                   kNow);
  EXPECT_EQ(XmlError(xml), "");
  EXPECT_THAT(xml, Not(HasSubstr("<script>")));
  EXPECT_THAT(xml, HasSubstr("<title>My &lt;Repo&gt; — Recently updated packages</title>"));
  EXPECT_THAT(xml, HasSubstr("<updated>2026-03-01T10:00:00Z</updated>\n  <entry>"));
  EXPECT_THAT(xml, HasSubstr("<id>https://r.example/packages/wp-plugin/evil</id>"));
  EXPECT_THAT(xml, HasSubstr("<title>plain</title>"));  // No display name: the slug.
  EXPECT_THAT(xml, HasSubstr("<updated>2026-03-13T14:00:00Z</updated>"));  // Unparsable: now.
  EXPECT_THAT(xml, HasSubstr("<summary>Install plain with My &lt;Repo&gt;: composer require "
                             "wp-theme/plain</summary>"));
  EXPECT_THAT(xml, HasSubstr("<author><name>WordPress.org</name></author>"));
}

TEST(ClosuresRssTest, ItemsAndDates) {
  std::vector<std::string> slugs;
  for (int i = 0; i < 12; ++i) {
    slugs.push_back("p" + std::to_string(i));
  }
  const std::string xml = ClosuresRss({.app_url = "https://r.example", .name = "x"},
                                      {{.id = 7,
                                        .vendor_name = "Acme <b>",
                                        .vendor_slug = "acme-b",
                                        .detected_at = "2026-03-10T08:00:00Z",
                                        .plugin_slugs = slugs,
                                        .plugin_count = 12}},
                                      kNow);
  EXPECT_EQ(XmlError(xml), "");
  EXPECT_THAT(xml, HasSubstr("<lastBuildDate>Tue, 10 Mar 2026 08:00:00 +0000</lastBuildDate>"));
  EXPECT_THAT(xml, HasSubstr("<title>Acme &lt;b&gt;: 12 plugins closed</title>"));
  EXPECT_THAT(xml,
              HasSubstr("<guid isPermaLink=\"false\">https://r.example/closures/acme-b#7</guid>"));
  EXPECT_THAT(xml, HasSubstr("p8, p9, and 2 more</description>"));
  EXPECT_THAT(ClosuresRss({}, {}, kNow), HasSubstr("Fri, 13 Mar 2026 14:00:00 +0000"));
}

TEST(OpenSearchTest, TemplateAndShortName) {
  const std::string xml =
      OpenSearch({.app_url = "https://r.example", .name = "A very long site name indeed"});
  EXPECT_EQ(XmlError(xml), "");
  EXPECT_THAT(xml, HasSubstr("<ShortName>A very long site</ShortName>"));
  EXPECT_THAT(xml, HasSubstr("template=\"https://r.example/?search={searchTerms}\""));
  // Never half a UTF-8 sequence.
  EXPECT_EQ(XmlError(OpenSearch({.app_url = "", .name = "abcdefghijklmno\xC3\xA9"})), "");
  EXPECT_THAT(OpenSearch({.app_url = "", .name = "abcdefghijklmno\xC3\xA9"}),
              HasSubstr("<ShortName>abcdefghijklmno</ShortName>"));
}

}  // namespace
}  // namespace wpp::seo
