#include "base/log.h"

#include "gtest/gtest.h"

namespace wpp::base::log {
namespace {

TEST(LogTest, TextPayloadQuotesValuesWithSpaces) {
  auto payload = RenderPayload(Format::kText, Level::kInfo, "update complete",
                               {{"updated", int64_t{12}}, {"slug", "akismet"}});

  EXPECT_EQ(payload, "level=INFO msg=\"update complete\" updated=12 slug=akismet");
}

TEST(LogTest, JsonPayloadEscapesStrings) {
  auto payload =
      RenderPayload(Format::kJson, Level::kWarn, "bad \"x\"\n", {{"n", 3}, {"s", "a\"b"}});

  EXPECT_EQ(payload, R"("level":"WARN","msg":"bad \"x\"\n","n":3,"s":"a\"b"})");
}

TEST(LogTest, ParseLevelIsCaseInsensitiveAndStrict) {
  Level level = Level::kInfo;
  EXPECT_TRUE(ParseLevel("DEBUG", &level));
  EXPECT_EQ(level, Level::kDebug);
  EXPECT_FALSE(ParseLevel("warning", &level));
}

}  // namespace
}  // namespace wpp::base::log
