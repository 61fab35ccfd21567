#include "web/markdown.h"

#include "gtest/gtest.h"

namespace wpp::web {
namespace {

TEST(PreferredFormatTest, FollowsTheAcceptRules) {
  EXPECT_EQ(PreferredFormat(""), Format::kHtml);
  EXPECT_EQ(PreferredFormat("*/*"), Format::kHtml);
  EXPECT_EQ(PreferredFormat("text/*"), Format::kHtml);
  EXPECT_EQ(PreferredFormat("text/markdown, text/html"), Format::kMarkdown);
  EXPECT_EQ(PreferredFormat("text/html;q=0.5, text/markdown;q=0.9"), Format::kMarkdown);
  EXPECT_EQ(PreferredFormat("image/png"), std::nullopt);
  EXPECT_EQ(PreferredFormat("text/html;q=0, */*;q=1"), Format::kMarkdown);
  EXPECT_EQ(PreferredFormat("text/html;q=0, text/markdown;q=0"), std::nullopt);
  EXPECT_EQ(PreferredFormat("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
                            "image/webp,*/*;q=0.8"),
            Format::kHtml);
  EXPECT_EQ(PreferredFormat("text/markdown;q=garbage"), Format::kMarkdown);
}

TEST(MarkdownResponseTest, EndsWithOneNewline) {
  const http::Response r = MarkdownResponse("# x\n\n\n", "public");
  EXPECT_EQ(r.body, "# x\n");
}

}  // namespace
}  // namespace wpp::web
