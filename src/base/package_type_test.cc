#include "base/package_type.h"

#include <gtest/gtest.h>

namespace wpp::base {
namespace {

TEST(PackageType, NamesRoundTrip) {
  for (PackageType type : {PackageType::kPlugin, PackageType::kTheme}) {
    EXPECT_EQ(ParseType(TypeName(type)), type);
    EXPECT_EQ(ParseVendor(Vendor(type)), type);
  }
  EXPECT_EQ(TypeName(PackageType::kTheme), "theme");
  EXPECT_EQ(Vendor(PackageType::kPlugin), "wp-plugin");
  EXPECT_EQ(ParseType("plugins"), std::nullopt);
  EXPECT_EQ(ParseVendor("wp-"), std::nullopt);
  EXPECT_EQ(ParseVendor("plugin"), std::nullopt);
}

TEST(PackageType, ComposerNames) {
  EXPECT_EQ(ComposerName(PackageType::kTheme, "astra"), "wp-theme/astra");
  auto split = SplitComposerName("wp-plugin/akismet");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->first, PackageType::kPlugin);
  EXPECT_EQ(split->second, "akismet");
  EXPECT_FALSE(SplitComposerName("wp-plugin/"));
  EXPECT_FALSE(SplitComposerName("wp-plugins/x"));
  EXPECT_FALSE(SplitComposerName("akismet"));
  EXPECT_FALSE(SplitComposerName("vendor/x"));
}

}  // namespace
}  // namespace wpp::base
