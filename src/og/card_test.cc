#include "og/card.h"

#include <gtest/gtest.h>

namespace wpp::og {
namespace {

TEST(FormatCount, Buckets) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(9), "9");
  EXPECT_EQ(FormatCount(10), "10+");
  EXPECT_EQ(FormatCount(99), "90+");
  EXPECT_EQ(FormatCount(120), "100+");
  EXPECT_EQ(FormatCount(150), "100+");
  EXPECT_EQ(FormatCount(350), "300+");
  EXPECT_EQ(FormatCount(1000), "1k");
  EXPECT_EQ(FormatCount(35'400), "35k");
  EXPECT_EQ(FormatCount(1'000'000), "1.0M");
  EXPECT_EQ(FormatCount(5'250'000), "5.2M");
  EXPECT_EQ(FormatCount(-3), "0");
}

TEST(Keys, PackageAndUrls) {
  EXPECT_EQ(PackageImageKey(base::PackageType::kPlugin, "akismet"), "social/plugin/akismet.png");
  EXPECT_EQ(PackageImageKey(base::PackageType::kTheme, "astra"), "social/theme/astra.png");
  EXPECT_EQ(ImageUrl("https://cdn.example.com/", "https://app", "social/default.png"),
            "https://cdn.example.com/social/default.png");
  EXPECT_EQ(ImageUrl("", "https://app.example.com", "social/plugin/a.png"),
            "https://app.example.com/og/social/plugin/a.png");
  EXPECT_EQ(ImageUrl("", "", "social/plugin/a.png"), "/og/social/plugin/a.png");
  EXPECT_EQ(HostOf("https://repo.example.com/x?y"), "repo.example.com");
  EXPECT_EQ(HostOf("http://127.0.0.1:8080"), "127.0.0.1:8080");
  EXPECT_EQ(HostOf("nonsense"), "");
}

TEST(Keys, PathsThatAreNotKeysAreRefused) {
  EXPECT_EQ(KeyFromPath("social/plugin/akismet.png"), "social/plugin/akismet.png");
  EXPECT_EQ(KeyFromPath("social/default.png"), "social/default.png");
  for (const char* bad :
       {"", "social/../../etc/passwd.png", "../x.png", "/etc/x.png", "social//x.png",
        "social/.hidden.png", "social/x.png.tmp-1-2", "social/x y.png", "social/x%2f.png",
        "social\\x.png", "social/x.PNG.txt"}) {
    EXPECT_FALSE(KeyFromPath(bad)) << bad;
  }
}

TEST(CardText, FoldsControlsAndCuts) {
  EXPECT_EQ(CardText("  a\n\tb\r\n  c  ", 100), "a b c");
  EXPECT_EQ(CardText("<b>bold</b> &amp;", 100), "<b>bold</b> &amp;");
  const std::string repaired = CardText("\xff\xfe ok", 100);
  EXPECT_TRUE(repaired.rfind("\xEF\xBF\xBD", 0) == 0) << repaired;
  EXPECT_TRUE(repaired.size() > 3 && repaired.substr(repaired.size() - 3) == " ok") << repaired;
  EXPECT_EQ(CardText("héllo wörld", 4), "héll");
  EXPECT_EQ(CardText("a\x01\x7f\xC2\x85z", 10), "a z");
  EXPECT_EQ(CardText("", 10), "");
}

}  // namespace
}  // namespace wpp::og
