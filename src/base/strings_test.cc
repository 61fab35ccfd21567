#include "base/strings.h"

#include "gtest/gtest.h"

namespace wpp::base {
namespace {

TEST(JsonEscapeTest, EscapesQuotesControlsAndInvalidUtf8) {
  EXPECT_EQ(JsonEscape("a\"b\\c\n\x01"), "a\\\"b\\\\c\\n\\u0001");
  EXPECT_EQ(JsonEscape("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(JsonEscape("bad\xFFx"), "bad\xEF\xBF\xBDx");
}

TEST(Utf8Test, DetectsAndRepairsInvalidSequences) {
  EXPECT_TRUE(IsValidUtf8("plain \xE2\x9C\x93"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // Overlong.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // Surrogate.
  EXPECT_FALSE(IsValidUtf8("cut \xE2\x9C"));  // Truncated.
  EXPECT_EQ(SanitizeUtf8("a\xFF"
                         "b"),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(ParseIntTest, AcceptsOnlyWholeIntegers) {
  EXPECT_EQ(ParseInt("42"), 42);
  EXPECT_EQ(ParseInt(" -7 "), -7);
  EXPECT_FALSE(ParseInt("4x"));
  EXPECT_FALSE(ParseInt(""));
}

TEST(SplitTest, KeepsEmptyFields) {
  auto parts = Split("a,,b", ',');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(Trim("  x y \n"), "x y");
  EXPECT_EQ(ToLower("AbC"), "abc");
}

}  // namespace
}  // namespace wpp::base
