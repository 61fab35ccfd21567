// Checks cmake/EmbedFiles.cmake: keys are paths relative to BASE, in order,
// and every byte (NUL, 0xFF, quotes, backslashes) comes back as it was.

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wpp::embedtest {

extern const std::vector<std::pair<std::string_view, std::string_view>> kFixtureFiles;

namespace {

using ::testing::ElementsAre;

std::string ReadFixture(std::string_view key) {
  std::ifstream in(std::string(WPP_SOURCE_DIR) + "/tests/embed/fixture/" + std::string(key),
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(EmbedFilesTest, KeysAreRelativePathsInOrder) {
  std::vector<std::string_view> keys;
  for (const auto& [key, bytes] : kFixtureFiles) {
    keys.push_back(key);
  }
  EXPECT_THAT(keys, ElementsAre("empty.txt", "static/img/pixel.bin", "templates/layout.mustache"));
}

TEST(EmbedFilesTest, EveryByteSurvives) {
  ASSERT_EQ(kFixtureFiles.size(), 3u);
  for (const auto& [key, bytes] : kFixtureFiles) {
    EXPECT_EQ(bytes, ReadFixture(key)) << key;
  }
  EXPECT_TRUE(kFixtureFiles[0].second.empty());

  const std::string_view binary = kFixtureFiles[1].second;
  ASSERT_EQ(binary.size(), 273u);
  EXPECT_EQ(binary.substr(0, 3), std::string_view("\0\xFF\0", 3));
  for (int i = 0; i < 256; ++i) {
    EXPECT_EQ(static_cast<unsigned char>(binary[2 + i]), i);
  }
  EXPECT_EQ(binary.substr(258), std::string_view("\"\\\n)wppembed\"\xFF\0", 15));

  EXPECT_EQ(kFixtureFiles[2].second, "<html>{{> body}} \"quoted\" \\ back\\slash</html>\n");
}

}  // namespace
}  // namespace wpp::embedtest
