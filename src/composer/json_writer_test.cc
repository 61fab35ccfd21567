#include "composer/json_writer.h"

#include <gtest/gtest.h>

namespace wpp::composer {
namespace {

TEST(JsonWriterTest, PlainTextAndSlashesAreCopied) {
  EXPECT_EQ(JsonString("https://example.com/a b"), R"("https://example.com/a b")");
}

TEST(JsonWriterTest, ShortEscapesForQuotesBackslashAndWhitespace) {
  EXPECT_EQ(JsonString("a\"b\\c\nd\re\tf\bg\fh"), R"("a\"b\\c\nd\re\tf\bg\fh")");
}

TEST(JsonWriterTest, OtherControlBytesUseLowercaseUnicodeEscapes) {
  EXPECT_EQ(JsonString(std::string("\x01\x1f", 2)), R"("\u0001\u001f")");
  EXPECT_EQ(JsonString(std::string("a\0b", 3)), R"("a\u0000b")");
}

TEST(JsonWriterTest, HtmlSensitiveCharactersAreEscaped) {
  EXPECT_EQ(JsonString("<b>&</b>"), R"("\u003cb\u003e\u0026\u003c/b\u003e")");
}

TEST(JsonWriterTest, LineAndParagraphSeparatorsAreEscaped) {
  EXPECT_EQ(JsonString("a\xE2\x80\xA8"
                       "b\xE2\x80\xA9"),
            R"("a\u2028b\u2029")");
}

TEST(JsonWriterTest, ValidUtf8IsCopiedRaw) {
  EXPECT_EQ(JsonString("caf\xC3\xA9 \xF0\x9F\x98\x80"), "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
}

TEST(JsonWriterTest, EachInvalidUtf8ByteBecomesAReplacementCharacter) {
  EXPECT_EQ(JsonString("a\xFF"
                       "b"),
            R"("a\ufffdb")");
  EXPECT_EQ(JsonString("\xC3"), R"("\ufffd")");                      // Truncated sequence.
  EXPECT_EQ(JsonString("\xC0\xAF"), R"("\ufffd\ufffd")");            // Overlong.
  EXPECT_EQ(JsonString("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");  // Surrogate.
}

TEST(JsonWriterTest, IntegersArePlainDecimal) {
  std::string out;
  AppendJsonInt(-12, &out);
  out.push_back(',');
  AppendJsonInt(3773851820, &out);
  EXPECT_EQ(out, "-12,3773851820");
}

}  // namespace
}  // namespace wpp::composer
