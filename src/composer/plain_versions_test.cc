#include "composer/plain_versions.h"

#include <random>

#include <gtest/gtest.h>

#include "version/version.h"

namespace wpp::composer {
namespace {

// A random plain version: 1–4 parts of 1–9 digits, leading zeros allowed.
std::string RandomPlain(std::mt19937& rng) {
  std::uniform_int_distribution<int> parts(1, 4);
  std::uniform_int_distribution<int> digits(1, 9);
  std::uniform_int_distribution<int> small(0, 3);
  std::uniform_int_distribution<int> digit(0, 9);
  std::string v;
  const int n = parts(rng);
  for (int p = 0; p < n; ++p) {
    if (p > 0) {
      v.push_back('.');
    }
    // Mostly short parts, so that ties such as 1.0 vs 1.0.0 and 01 vs 1 occur.
    const int len = small(rng) == 0 ? digits(rng) : 1;
    for (int d = 0; d < len; ++d) {
      v.push_back(static_cast<char>('0' + (small(rng) == 0 ? digit(rng) : small(rng))));
    }
  }
  return v;
}

TEST(PlainVersionsTest, PlainVersionsNormaliseToThemselves) {
  for (const char* v : {"1", "1.0", "10.20.30.40", "01.002", "123456789.1", "dev-trunk"}) {
    EXPECT_TRUE(IsPlainVersion(v)) << v;
    EXPECT_EQ(version::Normalize(v), v) << v;
  }
  for (const char* v : {"", "1.", ".1", "1..2", "1.2.3.4.5", "v1.0", "1.0-beta1", " 1.0", "trunk",
                        "1234567890.1"}) {
    EXPECT_FALSE(IsPlainVersion(v)) << v;
  }
}

TEST(PlainVersionsTest, SortAgreesWithTheVersionRules) {
  std::mt19937 rng(42);
  for (int round = 0; round < 500; ++round) {
    std::vector<std::string> versions;
    const int n = 1 + round % 30;
    for (int i = 0; i < n; ++i) {
      versions.push_back(RandomPlain(rng));
    }
    std::sort(versions.begin(), versions.end());
    versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
    ASSERT_EQ(SortNewestFirst(versions), version::SortNewestFirst(versions)) << round;
  }
}

TEST(PlainVersionsTest, MixedSetsUseTheGeneralRules) {
  const std::vector<std::string> mixed = {"1.0", "1.1-beta1", "1.0.1", "dev-trunk"};
  EXPECT_EQ(SortNewestFirst(mixed), version::SortNewestFirst(mixed));
}

TEST(PlainVersionsTest, ComposerNormalizedAgreesWithTheVersionRules) {
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    const std::string v = RandomPlain(rng);
    ASSERT_EQ(ComposerNormalized(v), version::ComposerNormalized(v)) << v;
  }
  for (const char* v : {"dev-trunk", "20100102", "123456.1", "1.0-beta2", "12345.6"}) {
    EXPECT_EQ(ComposerNormalized(v), version::ComposerNormalized(v)) << v;
  }
}

}  // namespace
}  // namespace wpp::composer
