#include "advisories/feed.h"

#include <gtest/gtest.h>

namespace wpp::advisories {
namespace {

constexpr char kGood[] = R"({
  "a1": {"id": "a1", "title": "Akismet <= 5.3.1 - XSS",
    "software": [{"type": "plugin", "name": "Akismet", "slug": "akismet",
      "affected_versions": {"* - 5.3.1": {"from_version": "*", "from_inclusive": true,
                                          "to_version": "5.3.1", "to_inclusive": true}},
      "patched": true, "patched_versions": ["5.3.2"]}],
    "cve": "CVE-2024-0001", "cve_link": "https://www.cve.org/CVERecord?id=CVE-2024-0001",
    "references": ["https://www.wordfence.com/threat-intel/vulnerabilities/id/a1"],
    "cvss": {"vector": "x", "score": 6.4, "rating": "Medium"},
    "published": "2024-01-02 03:04:05", "updated": "2024-01-03 00:00:00",
    "copyrights": {"message": "Copyright 2012-2024 Defiant Inc.",
      "defiant": {"notice": "Defiant notice", "license": "Defiant license",
                  "license_url": "https://www.wordfence.com/l"}}},
  "core1": {"title": "Core bug", "software": [{"type": "core", "slug": "wordpress",
      "affected_versions": {"x": {"from_version": "*", "from_inclusive": true,
                                   "to_version": "6.0", "to_inclusive": false}}}],
      "published": "2024-01-01T00:00:00+00:00"},
  "both": {"title": "Two", "software": [
      {"type": "plugin", "slug": "p1", "affected_versions": [{"from_version": "1.0",
        "from_inclusive": true, "to_version": "1.2.3", "to_inclusive": false},
        {"from_version": "2.0.0", "from_inclusive": true, "to_version": "2.0.0",
         "to_inclusive": true}]},
      {"type": "theme", "slug": "t1", "affected_versions": {"r": {"from_version": "*",
        "from_inclusive": true, "to_version": "*", "to_inclusive": true}}}],
      "cve": null, "published": "2024-02-01T10:00:00Z"},
  "bad-title": {"software": [], "published": "2024-01-01 00:00:00"},
  "bad-slug": {"title": "t", "software": [{"type": "plugin", "slug": "../x",
      "affected_versions": {}}], "published": "2024-01-01 00:00:00"},
  "bad-range": {"title": "t", "software": [{"type": "plugin", "slug": "x",
      "affected_versions": {"r": {"from_version": "1.0 beta", "from_inclusive": true,
        "to_version": "2", "to_inclusive": true}}}], "published": "2024-01-01 00:00:00"},
  "bad-date": {"title": "t", "software": [], "published": "yesterday"},
  "bad-type": 42
})";

TEST(ParseFeedTest, GoodRecordsBadRecordsCountedAndSkipped) {
  auto parsed = ParseFeed(kGood);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->records, 8);
  EXPECT_EQ(parsed->bad_records, 5);
  EXPECT_EQ(parsed->ignored_records, 1);
  ASSERT_EQ(parsed->advisories.size(), 3u);
  const Advisory& a = parsed->advisories[0];
  EXPECT_EQ(a.advisory_id, "WF-a1");
  EXPECT_EQ(a.package_name, "wp-plugin/akismet");
  EXPECT_EQ(a.affected_versions, "<=5.3.1");
  EXPECT_EQ(a.cve, "CVE-2024-0001");
  EXPECT_EQ(a.link, "https://www.wordfence.com/threat-intel/vulnerabilities/id/a1");
  EXPECT_EQ(a.severity, "medium");
  EXPECT_EQ(a.reported_at, "2024-01-02 03:04:05");
  EXPECT_EQ(a.copyright, "Copyright 2012-2024 Defiant Inc.\nDefiant notice");
  EXPECT_EQ(a.license, "Defiant license (https://www.wordfence.com/l)");
  EXPECT_EQ(parsed->advisories[1].package_name, "wp-plugin/p1");
  EXPECT_EQ(parsed->advisories[1].affected_versions, ">=1.0,<1.2.3|=2.0.0");
  EXPECT_EQ(parsed->advisories[1].cve, "");
  EXPECT_EQ(parsed->advisories[1].reported_at, "2024-02-01 10:00:00");
  EXPECT_EQ(parsed->advisories[2].package_name, "wp-theme/t1");
  EXPECT_EQ(parsed->advisories[2].affected_versions, "*");
}

TEST(ParseFeedTest, AFeedThatIsNotAJsonObjectIsRefusedWhole) {
  EXPECT_FALSE(ParseFeed(R"({"a1": {"title": "x")").ok());  // Truncated.
  EXPECT_FALSE(ParseFeed("<html>maintenance</html>").ok());
  EXPECT_FALSE(ParseFeed("[]").ok());
  auto empty = ParseFeed("{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->records, 0);
}

TEST(NormaliseFeedTimeTest, Forms) {
  EXPECT_EQ(NormaliseFeedTime("2024-01-02 03:04:05"), "2024-01-02 03:04:05");
  EXPECT_EQ(NormaliseFeedTime("2024-01-02T03:04:05Z"), "2024-01-02 03:04:05");
  EXPECT_EQ(NormaliseFeedTime("2024-01-02T03:04:05.123+00:00"), "2024-01-02 03:04:05");
  EXPECT_EQ(NormaliseFeedTime("2024-01-02T03:04:05+02:00"), std::nullopt);
  EXPECT_EQ(NormaliseFeedTime("2024-01-02"), std::nullopt);
}

}  // namespace
}  // namespace wpp::advisories
