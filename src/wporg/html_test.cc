#include "wporg/html.h"

#include "gtest/gtest.h"

namespace wpp::wporg {
namespace {

TEST(UnescapeHtmlTest, DecodesNamedReferences) {
  EXPECT_EQ(UnescapeHtml("Tom &amp; Jerry"), "Tom & Jerry");
  EXPECT_EQ(UnescapeHtml("&lt;b&gt; &quot;x&quot; &apos;y&apos;"), "<b> \"x\" 'y'");
  EXPECT_EQ(UnescapeHtml("caf&eacute; &hellip; &rsquo;"), "caf\u00e9 \u2026 \u2019");
  EXPECT_EQ(UnescapeHtml("&NotNestedGreaterGreater;"), "\u2AA2\u0338");
}

TEST(UnescapeHtmlTest, DecodesNumericReferences) {
  EXPECT_EQ(UnescapeHtml("It&#8217;s"), "It\u2019s");
  EXPECT_EQ(UnescapeHtml("&#x1F600;&#X41;&#65"), "\U0001F600AA");
  EXPECT_EQ(UnescapeHtml("&#150;"), "\u2013");  // Windows-1252 remapping.
  EXPECT_EQ(UnescapeHtml("&#0;&#xD800;&#99999999;"), "\uFFFD\uFFFD\uFFFD");
}

TEST(UnescapeHtmlTest, LegacyNamesWorkWithoutSemicolon) {
  EXPECT_EQ(UnescapeHtml("&copy 2026 &amp"), "\u00a9 2026 &");
  EXPECT_EQ(UnescapeHtml("&notit;"), "\u00acit;");
}

TEST(UnescapeHtmlTest, LeavesNonReferencesAlone) {
  EXPECT_EQ(UnescapeHtml("AT&T & co &unknown; &#; &"), "AT&T & co &unknown; &#; &");
  EXPECT_EQ(UnescapeHtml("plain"), "plain");
}

TEST(StripTagsTest, RemovesTagsButKeepsUnclosedBrackets) {
  EXPECT_EQ(StripTags("<a href=\"https://automattic.com/\">Automattic</a>"), "Automattic");
  EXPECT_EQ(StripTags("<p>One</p><p>Two</p>"), "OneTwo");
  EXPECT_EQ(StripTags("a < b"), "a < b");
}

}  // namespace
}  // namespace wpp::wporg
