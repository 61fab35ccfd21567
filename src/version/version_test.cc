// The version rules of docs/behaviour.md §3 (cases VER-xx and the original's
// examples) and the changes of docs/decisions.md §4. Where a test deliberately differs from the
// original, a "Differs:" comment says how and why.

#include "version/version.h"

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wpp::version {
namespace {

using Versions = std::map<std::string, std::string>;

void ExpectUnchanged(const std::vector<std::string>& inputs) {
  for (const std::string& v : inputs) {
    EXPECT_EQ(Normalize(v), v) << v;
  }
}

void ExpectInvalid(const std::vector<std::string>& inputs) {
  for (const std::string& v : inputs) {
    EXPECT_EQ(Normalize(v), "") << v;
    EXPECT_FALSE(IsValid(v)) << v;
  }
}

TEST(NormalizeTest, Ver01PlainVersionsUnchanged) {
  ExpectUnchanged({"1.0", "1.0.0", "1.0.0.0", "5.3.2"});
}

TEST(NormalizeTest, Ver02TrunkSpellingsBecomeDevTrunk) {
  for (const char* v : {"trunk", "Trunk", "TRUNK", "dev-trunk", "vtrunk", "Vtrunk"}) {
    EXPECT_EQ(Normalize(v), "dev-trunk") << v;
  }
  EXPECT_EQ(Normalize("DEV-TRUNK"), "");  // `dev-trunk` itself is case-sensitive.
}

TEST(NormalizeTest, Ver03SuffixesUnchanged) {
  ExpectUnchanged({"1.0-beta1", "1.0-RC2", "1.0-alpha", "2.0.0-beta.1", "1.0-alpha3", "1.0-a1",
                   "1.0-b2", "1.0-p", "1.0-p1", "1.0-pl", "1.0-pl1", "1.0-patch", "1.0-patch1",
                   "1.0-dev", "1.0-dev.1", "1.0-stable", "1.0-stable.1"});
}

TEST(NormalizeTest, Ver04KeywordCaseInsensitiveAndPreserved) {
  ExpectUnchanged({"1.0-Beta1", "1.0-rc2", "1.0-ALPHA", "1.0-DEV"});
}

TEST(NormalizeTest, Ver05EmptyAndBlankInvalid) {
  ExpectInvalid({"", "  "});
}

TEST(NormalizeTest, Ver06WordsInvalid) {
  ExpectInvalid({"stable", "latest", "not a version"});
}

TEST(NormalizeTest, Ver07OneLeadingVStripped) {
  EXPECT_EQ(Normalize("v1.0"), "1.0");
  EXPECT_EQ(Normalize("v1.0.0"), "1.0.0");
  EXPECT_EQ(Normalize("V2.0.0"), "2.0.0");
  EXPECT_EQ(Normalize("v1.13.11-beta.0"), "1.13.11-beta.0");
  EXPECT_EQ(Normalize("v20100102"), "20100102");
  // docs/behaviour.md §3.1 step 2: a lowercase `v`, then an uppercase `V`, never the reverse.
  EXPECT_EQ(Normalize("vV1.0"), "1.0");
  EXPECT_EQ(Normalize("Vv1.0"), "");
  EXPECT_EQ(Normalize("vv1.0"), "");
}

TEST(NormalizeTest, Ver08FivePartsInvalid) {
  ExpectInvalid({"1.0.0.0.1"});
}

TEST(NormalizeTest, Ver09BadSuffixesInvalid) {
  ExpectInvalid({"3.1.0-dev1", "3.1.0-dev2", "3.1.0-free", "1.0f", "1.0-foo"});
}

TEST(NormalizeTest, Ver10TrailingDotInvalid) {
  ExpectInvalid({"1.0-beta.", "1.0-rc.", "1.0-alpha.", "1.0-dev.", "1.0-stable."});
}

TEST(NormalizeTest, Ver11FreeTextInvalid) {
  ExpectInvalid({"1.0 12319", "1.0.1 Lite", "1.1(Beta)", "1.3..4", "08-03-2018",
                 "2.24080000-WP6.6.1", "2025r1", "3.0 (Beta r7)", "3.1.37.11.L"});
}

TEST(IsValidTest, Ver12Valid) {
  for (const char* v : {"1.0", "1.0.0", "1.0.0.0", "trunk", "dev-trunk", "1.0-beta1", "1.0-RC2",
                        "1.0-alpha", "1.0-dev", "1.0-dev.1", "1.0-stable"}) {
    EXPECT_TRUE(IsValid(v)) << v;
  }
}

TEST(IsValidTest, Ver13Invalid) {
  for (const char* v :
       {"", "stable", "1.0.0.0.1", "not valid", "3.1.0-dev1", "3.1.0-dev2", "3.1.0-free", "1.0f",
        "1.0-foo", "1.0-beta.", "1.0-rc.", "1.0-alpha.", "1.0-dev.", "1.0-stable."}) {
    EXPECT_FALSE(IsValid(v)) << v;
  }
}

// The original's examples of docs/behaviour.md §3.1, the whole table
// (VER-01..11 cover most of it; these are the remaining cells and the
// grammar's corners).
TEST(NormalizeTest, Pipeline52ExamplesAndGrammarCorners) {
  ExpectUnchanged({"1.0-RC.2", "1.0-beta.10", "01.002", "0", "1.0-PATCH.3", "1.0-Stable.2"});
  ExpectInvalid({"1.0-",
                 "-1.0",
                 "1.0.",
                 ".1.0",
                 "1..0",
                 "1.0-beta-1",
                 "1.0-beta.1.2",
                 "1.0-dev.1.2",
                 "1.0-rc2a",
                 "1.0-alpha beta",
                 "1.0+build",
                 "1.0_beta",
                 "1.0-beta..1",
                 "1.0-pre1",
                 "v",
                 "V",
                 "vtrunk2",
                 "dev-trunk2",
                 "1.0\xFF",
                 "\xEF\xBC\x91.0" /* fullwidth digit one */,
                 std::string("1.0\0", 4)});
}

TEST(NormalizeTest, TrimsUnicodeWhitespace) {
  EXPECT_EQ(Normalize(" \t1.0\n"), "1.0");
  EXPECT_EQ(Normalize("\xC2\xA0"
                      "1.0"
                      "\xE3\x80\x80"),
            "1.0");                                             // NBSP, ideographic space.
  EXPECT_EQ(Normalize("\xE2\x80\x83v2.0\xE2\x80\xA8"), "2.0");  // Em space, line separator.
  EXPECT_EQ(Normalize(" trunk "), "dev-trunk");
  EXPECT_EQ(Normalize("\xEF\xBB\xBF"
                      "1.0"),
            "");  // A BOM is not whitespace.
}

// Differs (docs/decisions.md §25): the reference returns `v 1.0` as ` 1.0`; we
// trim again (docs/behaviour.md §3.1), so the result is a clean, idempotent
// version. For the same reason `v trunk` is dev-trunk (the reference: invalid).
TEST(NormalizeTest, TrimsAgainAfterStrippingV) {
  EXPECT_EQ(Normalize("v 1.0"), "1.0");
  EXPECT_EQ(Normalize("v trunk"), "dev-trunk");
}

TEST(NormalizeTest, IsIdempotent) {
  for (const char* v : {"v1.0", "V2.0.0-RC1", " vV3.0 ", "trunk", "1.0-pl1", "v 1.0"}) {
    const std::string once = Normalize(v);
    EXPECT_EQ(Normalize(once), once) << v;
  }
}

TEST(NormalizeVersionsTest, Ver14DropsInvalidAndRenamesKeys) {
  const Versions raw = {{"1.0", "u1"},   {"2.0", "u2"},  {"dev-trunk", "ut"}, {"v3.0", "u3"},
                        {"", "u-empty"}, {"bad!", "ub"}, {"3.1.0-dev1", "ud"}};
  const Versions want = {{"1.0", "u1"}, {"2.0", "u2"}, {"3.0", "u3"}, {"dev-trunk", "ut"}};
  EXPECT_EQ(NormalizeVersions(raw), want);
}

// docs/decisions.md §4: the tag whose URL is wp.org's download for the version
// wins; otherwise the byte-wise smallest raw tag. (The reference keeps an
// arbitrary one, and suggested the one already in normal form.)
TEST(NormalizeVersionsTest, Decision4TieKeepsListedDownload) {
  const std::string base = "https://downloads.wordpress.org/plugin/";
  EXPECT_EQ(NormalizeVersions({{"1.0", base + "x.1.0.zip"}, {"v1.0", base + "x.v1.0.zip"}}),
            (Versions{{"1.0", base + "x.1.0.zip"}}));
  // The download may belong to the tag that is not in normal form.
  EXPECT_EQ(NormalizeVersions({{"1.0", base + "x.v1.0.zip"}, {"v1.0", base + "x.1.0.zip"}}),
            (Versions{{"1.0", base + "x.1.0.zip"}}));
  // A query string does not matter; another version's file does not match.
  EXPECT_EQ(NormalizeVersions({{"2.0", base + "x.2.1.2.0.zip"}, {"v2.0", base + "x.2.0.zip?n=1"}}),
            (Versions{{"2.0", base + "x.2.0.zip?n=1"}}));
  EXPECT_EQ(NormalizeVersions({{"trunk", base + "x.trunk.zip"}, {"dev-trunk", base + "x.zip"}}),
            (Versions{{"dev-trunk", base + "x.zip"}}));
}

TEST(NormalizeVersionsTest, Decision4TieFallsBackToSmallestRawTag) {
  EXPECT_EQ(NormalizeVersions({{"v1.0", "a"}, {"V1.0", "b"}, {"1.0 ", "c"}}),
            (Versions{{"1.0", "c"}}));  // "1.0 " < "V1.0" < "v1.0".
  EXPECT_EQ(NormalizeVersions({{"v1.0", "a"}, {"V1.0", "b"}}), (Versions{{"1.0", "b"}}));
  EXPECT_EQ(NormalizeVersions({{"Trunk", "a"}, {"trunk", "b"}, {"dev-trunk", "c"}}),
            (Versions{{"dev-trunk", "a"}}));
  EXPECT_EQ(NormalizeVersions({}), Versions{});
}

// docs/behaviour.md §3.2: one survivor per Composer version_normalized.
TEST(NormalizeVersionsTest, OnePerComposerVersion) {
  const std::string base = "https://downloads.wordpress.org/plugin/";
  // Both are their own download: the smallest tag.
  EXPECT_EQ(NormalizeVersions({{"6.1", base + "x.6.1.zip"}, {"6.1.0", base + "x.6.1.0.zip"}}),
            (Versions{{"6.1", base + "x.6.1.zip"}}));
  // Only one is wp.org's download for its tag: that one.
  EXPECT_EQ(NormalizeVersions({{"6.1", base + "x.zip"}, {"6.1.0", base + "x.6.1.0.zip"}}),
            (Versions{{"6.1.0", base + "x.6.1.0.zip"}}));
  EXPECT_EQ(NormalizeVersions({{"3.0", "a"}, {"3.0.0", "b"}, {"3.0.0.0", "c"}, {"v3.0.0", "d"}}),
            (Versions{{"3.0", "a"}}));
  EXPECT_EQ(NormalizeVersions({{"4.0.2-dev", "a"}, {"4.0.2.0-dev", "b"}, {"4.0.2", "c"}}),
            (Versions{{"4.0.2", "c"}, {"4.0.2-dev", "a"}}));
  EXPECT_EQ(NormalizeVersions({{"1.0-b2", "a"}, {"1.0-beta2", "b"}, {"1.0-rc1", "c"}}),
            (Versions{{"1.0-b2", "a"}, {"1.0-rc1", "c"}}));
  // Versions Composer rejects stand for themselves.
  EXPECT_EQ(NormalizeVersions({{"1.0-dev.1", "a"}, {"1.0.0-dev.1", "b"}}),
            (Versions{{"1.0-dev.1", "a"}, {"1.0.0-dev.1", "b"}}));
  // Leading zeros are kept by Composer, so they are other versions.
  EXPECT_EQ(NormalizeVersions({{"01.2", "a"}, {"1.2", "b"}}).size(), 2U);
}

TEST(NormalizeVersionsTest, OwnOutputIsAFixedPoint) {
  const Versions raw = {{"6.1", "a"},   {"6.1.0", "b"},   {"v6.2", "c"},     {"6.2.0", "d"},
                        {"trunk", "t"}, {"7.0-dev", "e"}, {"7.0.0-dev", "f"}};
  const Versions once = NormalizeVersions(raw);
  EXPECT_EQ(once.size(), 4U);
  EXPECT_EQ(NormalizeVersions(once), once);
}

const Versions kTenSeries = {{"10.6.0", "a"}, {"10.7.0", "b"}, {"10.8.0", "c"}, {"dev-trunk", "t"}};

TEST(FilterNewerThanTest, Ver15DropsStableAboveCeiling) {
  bool dropped = false;
  const Versions got = FilterNewerThan(kTenSeries, "10.7.0", &dropped);
  EXPECT_EQ(got, (Versions{{"10.6.0", "a"}, {"10.7.0", "b"}, {"dev-trunk", "t"}}));
  EXPECT_TRUE(dropped);
}

TEST(FilterNewerThanTest, Ver16InvalidCeilingKeepsAll) {
  bool dropped = true;
  EXPECT_EQ(FilterNewerThan(kTenSeries, "not-a-version", &dropped), kTenSeries);
  EXPECT_FALSE(dropped);
  EXPECT_EQ(FilterNewerThan(kTenSeries, "trunk"), kTenSeries);
  EXPECT_EQ(FilterNewerThan(kTenSeries, ""), kTenSeries);
}

TEST(FilterNewerThanTest, Ver17PreReleasesAboveCeilingSurvive) {
  const Versions in = {{"3.1.3", "a"},
                       {"4.0.0-beta1", "b"},
                       {"4.0.0", "c"},
                       {"2.3.1-beta2", "d"},
                       {"dev-trunk", "t"}};
  Versions want = in;
  want.erase("4.0.0");
  EXPECT_EQ(FilterNewerThan(in, "3.1.3"), want);
}

TEST(FilterNewerThanTest, CeilingIsNormalisedAndNothingDroppedReportsFalse) {
  bool dropped = true;
  EXPECT_EQ(FilterNewerThan(kTenSeries, "v10.8.0", &dropped), kTenSeries);
  EXPECT_FALSE(dropped);
  // `10.7` equals `10.7.0`, so it is not above the ceiling.
  EXPECT_EQ(FilterNewerThan({{"10.7", "x"}}, "10.7.0"), (Versions{{"10.7", "x"}}));
}

// Differs (docs/decisions.md §4): patch releases are stable, so a patch tag above
// the published version is an unpublished release and is dropped. The
// reference counts `-p1` as a pre-release and would keep it.
TEST(FilterNewerThanTest, Decision4PatchAboveCeilingDropped) {
  const Versions in = {{"1.0", "a"}, {"1.0-p1", "b"}, {"1.0-patch2", "c"}, {"1.1-beta", "d"}};
  EXPECT_EQ(FilterNewerThan(in, "1.0"), (Versions{{"1.0", "a"}, {"1.1-beta", "d"}}));
  EXPECT_EQ(FilterNewerThan(in, "1.0-pl1"),
            (Versions{{"1.0", "a"}, {"1.0-p1", "b"}, {"1.1-beta", "d"}}));
}

TEST(IsStableTest, Ver18StableIffNoPreReleaseSuffix) {
  for (const char* v : {"1.0", "1.0.0", "10.6.2", "5.3.2"}) {
    EXPECT_TRUE(IsStable(v)) << v;
  }
  for (const char* v : {"1.0-beta1", "10.7.0-beta.1", "1.0-RC2", "1.0-alpha", "1.0-dev",
                        "1.0-dev.1", "dev-trunk", "", "garbage"}) {
    EXPECT_FALSE(IsStable(v)) << v;
  }
}

// Differs (docs/decisions.md §4): `-p`, `-pl`, `-patch` are stable patch releases,
// as Composer's parseStability says; so is `-stable[.N]`, which Composer also
// calls stable. The reference says stable ⇔ no `-`.
TEST(IsStableTest, Decision4PatchAndStableSuffixesAreStable) {
  for (const char* v : {"1.0-p", "1.0-p1", "1.0-pl", "1.0-PL1", "1.0-patch", "1.0-patch.2",
                        "1.0-stable", "1.0-stable.1"}) {
    EXPECT_TRUE(IsStable(v)) << v;
  }
}

TEST(LatestTest, Ver19StableBeatsHigherBeta) {
  EXPECT_EQ(Latest({{"10.6.2", ""}, {"10.7.0-beta.1", ""}, {"10.6.1", ""}}), "10.6.2");
}

TEST(LatestTest, Ver20OnlyPreReleasesGivesHighest) {
  EXPECT_EQ(Latest({{"1.0-beta1", ""}, {"1.0-beta2", ""}}), "1.0-beta2");
}

TEST(LatestTest, Ver21TrunkIgnored) {
  EXPECT_EQ(Latest({{"dev-trunk", ""}, {"1.0", ""}}), "1.0");
  EXPECT_EQ(Latest({{"dev-trunk", ""}}), "");
  EXPECT_EQ(Latest({}), "");
}

TEST(LatestTest, Ver22HighestStable) {
  EXPECT_EQ(Latest({{"2.0", ""}, {"2.1-RC1", ""}, {"1.9", ""}}), "2.0");
  EXPECT_EQ(Latest({{"1.0", ""}, {"2.0", ""}, {"3.0", ""}}), "3.0");
}

// The original left ties arbitrary (docs/behaviour.md §3.6); we pick the byte-wise greater key.
TEST(LatestTest, TiesGoToByteWiseGreaterKey) {
  EXPECT_EQ(Latest({{"1.0", ""}, {"1.0.0", ""}}), "1.0.0");
  EXPECT_EQ(Latest({{"1.0-RC1", ""}, {"1.0-rc1", ""}}), "1.0-rc1");
}

// Differs (docs/decisions.md §4): a patch release is the latest stable release.
TEST(LatestTest, Decision4PatchReleaseIsLatest) {
  EXPECT_EQ(Latest({{"1.0", ""}, {"1.0-pl1", ""}, {"1.1-beta", ""}}), "1.0-pl1");
  EXPECT_EQ(Latest({{"1.0-p1", ""}, {"1.0-patch2", ""}}), "1.0-patch2");
}

// docs/behaviour.md §3.9: stable tag 10.7.0, raw {10.6.0, 10.7.0, 10.8.0,
// dev-trunk} → 3 versions, pendingStable, current_version 10.7.0.
TEST(PipelineTest, Pipeline58NormalizeFilterLatest) {
  bool pending_stable = false;
  const Versions stored = FilterNewerThan(NormalizeVersions(kTenSeries), "10.7.0", &pending_stable);
  EXPECT_EQ(stored.size(), 3u);
  EXPECT_TRUE(pending_stable);
  EXPECT_EQ(Latest(stored), "10.7.0");
}

}  // namespace
}  // namespace wpp::version
