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
