#include "web/renderer.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "web/assets.h"
#include "web/format.h"

namespace wpp::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RendererTest, LayoutWrapsThePageWithMetaAndAssets) {
  auto renderer = Renderer::Create({.site_name = "Example Repo",
                                    .app_url = "https://repo.example.org/",
                                    .footer_text = "Run by example"});
  ASSERT_TRUE(renderer) << renderer.error().message();
  Value data;
  data.Set("message", "<b>bold</b>");
  const std::string html = (*renderer)->Page(
      {.title = "Gone", .path = "/x", .noindex = true, .json_ld = {R"({"name":"</script><x>"})"}},
      "not_found", data);
  EXPECT_THAT(html, HasSubstr("<title>Gone · Example Repo</title>"));
  EXPECT_THAT(html, HasSubstr(R"(<link rel="canonical" href="https://repo.example.org/x">)"));
  EXPECT_THAT(html, HasSubstr("noindex, follow"));
  EXPECT_THAT(html, HasSubstr("Run by example"));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;bold&lt;/b&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<b>bold")));
  EXPECT_THAT(html, HasSubstr(R"({"name":"\u003c/script>\u003cx>"})"));
  EXPECT_THAT(html, HasSubstr(Assets::Embedded().Url("app.css")));
  EXPECT_THAT(Assets::Embedded().Url("app.css"),
              testing::MatchesRegex("/assets/app\\.[0-9a-f]{12}\\.css"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));  // No inline script.
}

TEST(RendererTest, EveryEmbeddedAssetIsThere) {
  for (const char* name : {"app.css", "app.js", "htmx.min.js"}) {
    const std::string url = Assets::Embedded().Url(name);
    ASSERT_FALSE(url.empty()) << name;
    const Asset* asset = Assets::Embedded().Find(url.substr(8));
    ASSERT_NE(asset, nullptr);
    EXPECT_GT(asset->body->size(), 100u);
  }
  // Tailwind saw the templates: a class only they use is in the CSS.
  const Asset* css = Assets::Embedded().Find(Assets::Embedded().Url("app.css").substr(8));
  EXPECT_THAT(*css->body, HasSubstr("bg-brand"));
}

TEST(FormatTest, NumbersDatesAndHrefs) {
  EXPECT_EQ(Comma(0), "0");
  EXPECT_EQ(Comma(64), "64");
  EXPECT_EQ(Comma(999), "999");
  EXPECT_EQ(Comma(12345), "12,345");
  EXPECT_EQ(Comma(1000), "1,000");
  EXPECT_EQ(Comma(1234567), "1,234,567");
  EXPECT_EQ(AxisLabel(1500), "1.5k");
  EXPECT_EQ(AxisLabel(2000), "2k");
  EXPECT_EQ(AxisLabel(1000000), "1M");
  EXPECT_EQ(DateOnly("2026-01-02T03:04:05Z"), "2026-01-02");
  EXPECT_TRUE(IsSafeHref("https://example.org/a"));
  EXPECT_TRUE(IsSafeHref("HTTP://example.org"));
  EXPECT_FALSE(IsSafeHref("javascript:alert(1)"));
  EXPECT_FALSE(IsSafeHref("data:text/html,x"));
  EXPECT_FALSE(IsSafeHref(" https://x"));
  EXPECT_FALSE(IsSafeHref("https://x\" onmouseover=\"y"));
  EXPECT_FALSE(IsSafeHref("//evil.example"));
}

}  // namespace
}  // namespace wpp::web
