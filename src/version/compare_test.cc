// Compare and SortNewestFirst: docs/behaviour.md §3.4, Composer's ordering
// (docs/decisions.md §4). Cross-checked against Composer itself in
// composer_normalized_test.cc.

#include <string>
#include <vector>

#include "gtest/gtest.h"

#include "version/version.h"

namespace wpp::version {
namespace {

// Each inner list holds versions that compare equal; the lists ascend.
const std::vector<std::vector<std::string>> kAscending = {
    {"not a version", "zzz"},  // Strings that are not versions sort lowest.
    {"0.9"},
    {"1.0-dev", "1.0-DEV", "v1.0-dev"},
    {"1.0-alpha", "1.0-a"},
    {"1.0-alpha1", "1.0-a1", "1.0-ALPHA.1"},
    {"1.0-alpha2"},
    {"1.0-beta", "1.0-b"},
    {"1.0-beta0"},
    {"1.0-beta1", "1.0-b.1", "1.0-Beta1"},
    {"1.0-beta2"},
    {"1.0-beta10"},
    {"1.0-RC1", "1.0-rc1", "1.0-rc.1"},
    {"1.0", "1.0.0", "1.0.0.0", "01.0", "1.0-stable", "1.0-stable.3", "v1.0", " 1.0 "},
    {"1.0-p", "1.0-pl", "1.0-patch", "1.0-PATCH"},
    {"1.0-p1", "1.0-pl1", "1.0-patch.1"},
    {"1.0.0.1-dev"},
    {"1.0.0.1"},
    {"1.0.1"},
    {"1.1-alpha"},
    {"1.1"},
    {"1.10", "1.010"},
    {"2.0"},
    {"20100102"},
    {"99999999999999999999999.1"},  // Longer than any integer type.
    {"dev-trunk", "trunk", "Trunk"},
};

TEST(CompareTest, TotalOrderOverTheLadder) {
  for (size_t i = 0; i < kAscending.size(); ++i) {
    for (size_t j = 0; j < kAscending.size(); ++j) {
      const int want = i < j ? -1 : (i > j ? 1 : 0);
      for (const std::string& a : kAscending[i]) {
        for (const std::string& b : kAscending[j]) {
          if (i == 0 && j == 0) {
            continue;  // Non-versions order byte-wise among themselves.
          }
          EXPECT_EQ(Compare(a, b), want) << "'" << a << "' vs '" << b << "'";
        }
      }
    }
  }
}

// docs/behaviour.md §3.4: missing parts are 0; no suffix beats any pre-release
// suffix; RC beats beta.
TEST(CompareTest, Pipeline55Examples) {
  EXPECT_EQ(Compare("1.0", "1.0.0"), 0);
  EXPECT_EQ(Compare("1.0", "1.0-beta1"), 1);
  EXPECT_EQ(Compare("1.0-RC1", "1.0-beta1"), 1);
  EXPECT_EQ(Compare("1.2.3", "1.10"), -1);
  EXPECT_EQ(Compare("2.0-alpha", "1.9.9"), 1);
}

// Differs: the reference compares suffixes as lowercased strings, so
// `beta10` < `beta2` and `dev` > `beta`, `p1` > `rc1` by accident of the
// alphabet. We order as Composer does (numbers numerically, stabilities by
// rank), which docs/decisions.md §4 asks for.
TEST(CompareTest, Decision4ComposerSuffixOrder) {
  EXPECT_EQ(Compare("1.0-beta10", "1.0-beta2"), 1);
  EXPECT_EQ(Compare("1.0-dev", "1.0-beta"), -1);
  EXPECT_EQ(Compare("1.0-p1", "1.0"), 1);
  EXPECT_EQ(Compare("1.0-pl1", "1.0-patch1"), 0);
  EXPECT_EQ(Compare("1.0-stable", "1.0"), 0);
}

TEST(CompareTest, NonVersionsAreByteWiseAndBelowVersions) {
  EXPECT_EQ(Compare("abc", "abd"), -1);
  EXPECT_EQ(Compare("abd", "abc"), 1);
  EXPECT_EQ(Compare("", ""), 0);
  EXPECT_EQ(Compare("", "0"), -1);
  EXPECT_EQ(Compare("1.0.0.0.1", "0"), -1);
}

// A build of akismet {"5.0", "4.0"}: the p2 array lists versions newest
// first (docs/decisions.md §1, docs/behaviour.md §6.4).
TEST(SortNewestFirstTest, Pipeline23NewestFirst) {
  EXPECT_EQ(SortNewestFirst({"4.0", "5.0"}), (std::vector<std::string>{"5.0", "4.0"}));
}

TEST(SortNewestFirstTest, TrunkThenNonVersionsLast) {
  const std::vector<std::string> in = {"1.0-beta1", "dev-trunk", "junk", "1.0",
                                       "2.0",       "1.0-p1",    "abc",  "0.9"};
  const std::vector<std::string> want = {"2.0", "1.0-p1",    "1.0", "1.0-beta1",
                                         "0.9", "dev-trunk", "abc", "junk"};
  EXPECT_EQ(SortNewestFirst(in), want);
}

TEST(SortNewestFirstTest, TiesAreDeterministic) {
  const std::vector<std::string> want = {"1.0.0", "1.0", "1.0-rc1", "1.0-RC1"};
  EXPECT_EQ(SortNewestFirst({"1.0", "1.0-RC1", "1.0.0", "1.0-rc1"}), want);
  EXPECT_EQ(SortNewestFirst({"1.0-rc1", "1.0.0", "1.0-RC1", "1.0"}), want);
  EXPECT_EQ(SortNewestFirst({}), std::vector<std::string>{});
  EXPECT_EQ(SortNewestFirst({"1.0", "1.0"}), (std::vector<std::string>{"1.0", "1.0"}));
}

}  // namespace
}  // namespace wpp::version
