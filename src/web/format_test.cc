#include "gtest/gtest.h"

#include "web/catalog_store.h"
#include "web/chart.h"

namespace wpp::web {
namespace {

TEST(FtsExpressionTest, QuotesEveryTokenAndDropsPunctuation) {
  EXPECT_EQ(FtsExpression("woo commerce"), R"("woo"* AND "commerce"*)");
  EXPECT_EQ(FtsExpression(R"(a"b)"), R"("a""b"*)");
  EXPECT_EQ(FtsExpression(R"(" * - NEAR)"), R"("NEAR"*)");
  EXPECT_EQ(FtsExpression("  \t\n "), "");
  EXPECT_EQ(FtsExpression(std::string(10000, 'x')).size(), kMaxSearchBytes + 3);
}

TEST(TrigramExpressionTest, LongAsciiNeedlesUseSpreadPiecesAndACheck) {
  const TrigramSearch t = NameTrigrams("Contact Form-Seven");
  EXPECT_EQ(t.needle, "contactformseven");
  EXPECT_TRUE(t.check);
  EXPECT_EQ(t.expression, R"("con" AND "act" AND "orm" AND "ven")");
  const TrigramSearch exactly = NameTrigrams("abcdefghijkl");  // kTrigramPhraseBytes
  EXPECT_FALSE(exactly.check);
  EXPECT_EQ(exactly.expression, R"("abcdefghijkl")");
  const TrigramSearch thirteen = NameTrigrams("abcdefghijklm");
  EXPECT_TRUE(thirteen.check);
  EXPECT_EQ(thirteen.expression, R"("abc" AND "def" AND "ghi" AND "klm")");
  const TrigramSearch quoted = NameTrigrams(R"(ab"cdefghijklmnop)");
  EXPECT_EQ(quoted.expression, R"("ab""" AND "def" AND "ijk" AND "nop")");
  // Non-ASCII: the phrase, whose case folding the check could not match.
  const TrigramSearch accented = NameTrigrams("caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9");
  EXPECT_FALSE(accented.check);
  EXPECT_EQ(accented.expression.front(), '"');
  EXPECT_EQ(NameTrigrams("wo").expression, "");
}

TEST(TrigramExpressionTest, CollapsesTheName) {
  EXPECT_EQ(TrigramExpression("Woo-Commerce"), R"("woocommerce")");
  EXPECT_EQ(TrigramExpression("wo"), "");
  EXPECT_EQ(TrigramExpression(R"(a"bc)"), R"("a""bc")");
}

TEST(InstallsChartTest, DrawsBarsOrNothing) {
  EXPECT_EQ(InstallsChart({}), "");
  EXPECT_EQ(InstallsChart({{"2026-01", 0}}), "");
  const std::string svg = InstallsChart({{"2026-01", 1500}, {"2026-02", 3000}});
  EXPECT_NE(svg.find("viewBox=\"0 0 648 208\""), std::string::npos);
  EXPECT_NE(svg.find("2026-02: 3,000 installs"), std::string::npos);
  EXPECT_NE(svg.find(">1k<"), std::string::npos);  // Step 1000 (target 750 → 1000).
}

}  // namespace
}  // namespace wpp::web
