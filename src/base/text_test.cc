#include "base/text.h"

#include <string>

#include "gtest/gtest.h"

#include "base/strings.h"

namespace wpp::base {
namespace {

std::string Utf8(uint32_t code_point) {
  std::string out;
  AppendUtf8(code_point, &out);
  return out;
}

TEST(HexDigitValueTest, ReadsBothCases) {
  EXPECT_EQ(HexDigitValue('0'), 0);
  EXPECT_EQ(HexDigitValue('9'), 9);
  EXPECT_EQ(HexDigitValue('a'), 10);
  EXPECT_EQ(HexDigitValue('F'), 15);
  EXPECT_EQ(HexDigitValue('g'), -1);
  EXPECT_EQ(HexDigitValue('\0'), -1);
}

TEST(AppendUtf8Test, EncodesEachLengthAndRoundTripsThroughTheDecoder) {
  EXPECT_EQ(Utf8('A'), "A");
  EXPECT_EQ(Utf8(0), std::string(1, '\0'));
  EXPECT_EQ(Utf8(0xE9), "\xC3\xA9");
  EXPECT_EQ(Utf8(0x7FF), "\xDF\xBF");
  EXPECT_EQ(Utf8(0x2013), "\xE2\x80\x93");
  EXPECT_EQ(Utf8(0xFFFF), "\xEF\xBF\xBF");
  EXPECT_EQ(Utf8(0x1F600), "\xF0\x9F\x98\x80");
  EXPECT_EQ(Utf8(0x10FFFF), "\xF4\x8F\xBF\xBF");
  for (const uint32_t cp : {0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xD7FFu, 0xE000u, 0x10000u, 0x10FFFFu}) {
    const std::string bytes = Utf8(cp);
    uint32_t decoded = 0;
    EXPECT_EQ(DecodeUtf8(bytes, 0, &decoded), bytes.size()) << cp;
    EXPECT_EQ(decoded, cp);
  }
}

TEST(AppendUtf8Test, WritesTheReplacementCharacterForSurrogatesAndOutOfRange) {
  const std::string replacement = "\xEF\xBF\xBD";
  EXPECT_EQ(Utf8(0xD800), replacement);
  EXPECT_EQ(Utf8(0xDFFF), replacement);
  EXPECT_EQ(Utf8(0x110000), replacement);
  EXPECT_EQ(Utf8(0xFFFFFFFF), replacement);
  std::string out = "x";
  AppendUtf8(0xE9, &out);
  EXPECT_EQ(out, "x\xC3\xA9");  // Appends, never replaces.
}

TEST(PercentEncodeTest, KeepsOnlyUnreservedCharactersWithUpperCaseHex) {
  EXPECT_EQ(PercentEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(PercentEncode("a b+c/d"), "a%20b%2Bc%2Fd");
  EXPECT_EQ(PercentEncode("\xC3\xA9*=&"), "%C3%A9%2A%3D%26");
  EXPECT_EQ(PercentEncode(std::string("\0\xFF", 2)), "%00%FF");
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(PercentEncodeTest, PathVariantKeepsSlashes) {
  EXPECT_EQ(PercentEncodePath("p2/wp-plugin/a b.json"), "p2/wp-plugin/a%20b.json");
  EXPECT_EQ(PercentEncodePath("/"), "/");
}

TEST(PercentEncodeTest, FormVariantWritesSpaceAsPlus) {
  EXPECT_EQ(FormEncode("a b+c"), "a+b%2Bc");
  EXPECT_EQ(FormEncode("x/y~"), "x%2Fy~");
}

TEST(PercentDecodeTest, DecodesEscapesInEitherCase) {
  EXPECT_EQ(PercentDecode("a%20b%2fc%2F"), "a b/c/");
  EXPECT_EQ(PercentDecode("%C3%a9"), "\xC3\xA9");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("%00x"), std::string("\0x", 2));
  EXPECT_EQ(PercentDecode(PercentEncode(std::string("\0\x01\xFF/ +", 6))),
            std::string("\0\x01\xFF/ +", 6));
}

TEST(PercentDecodeTest, CopiesInvalidEscapesAsTheyAre) {
  EXPECT_EQ(PercentDecode("%zz"), "%zz");
  EXPECT_EQ(PercentDecode("%4"), "%4");
  EXPECT_EQ(PercentDecode("a%"), "a%");
  EXPECT_EQ(PercentDecode("%%41"), "%A");
  EXPECT_EQ(PercentDecode("%4g%41"), "%4gA");
}

TEST(PercentDecodeTest, FormVariantReadsPlusAsSpace) {
  EXPECT_EQ(FormDecode("a+b%2Bc"), "a b+c");
  EXPECT_EQ(FormDecode("%zz+"), "%zz ");
  EXPECT_EQ(FormDecode(FormEncode("x y+z/\xC3\xA9")), "x y+z/\xC3\xA9");
}

TEST(EscapeTest, XmlEscapesAllFiveSpecialCharacters) {
  EXPECT_EQ(XmlEscape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(XmlEscape("&amp;"), "&amp;amp;");
  EXPECT_EQ(XmlEscape(std::string("\0\xC3\xA9", 3)), std::string("\0\xC3\xA9", 3));
}

TEST(EscapeTest, KeepApostropheVariantLeavesApostrophes) {
  EXPECT_EQ(XmlEscapeKeepApostrophe("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e'f");
}

TEST(EscapeTest, HtmlUsesNumericApostrophe) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">it's & more</a>"),
            "&lt;a href=&quot;x&quot;&gt;it&#39;s &amp; more&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("plain \xE2\x9C\x93"), "plain \xE2\x9C\x93");
}

}  // namespace
}  // namespace wpp::base
