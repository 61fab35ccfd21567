#include "advisories/advisory.h"

#include <gtest/gtest.h>

namespace wpp::advisories {
namespace {

VersionRange R(std::string from, bool from_inc, std::string to, bool to_inc) {
  return VersionRange{.from_version = std::move(from),
                      .from_inclusive = from_inc,
                      .to_version = std::move(to),
                      .to_inclusive = to_inc};
}

TEST(ToConstraintTest, BoundsAndUnions) {
  EXPECT_EQ(ToConstraint({R("1.0", true, "1.2.3", false)}), ">=1.0,<1.2.3");
  EXPECT_EQ(ToConstraint({R("1.0", false, "1.2.3", true)}), ">1.0,<=1.2.3");
  EXPECT_EQ(ToConstraint({R("*", true, "5.3.1", true)}), "<=5.3.1");
  EXPECT_EQ(ToConstraint({R("2.0", true, "*", true)}), ">=2.0");
  EXPECT_EQ(ToConstraint({R("2.0.0", true, "2.0.0", true)}), "=2.0.0");
  EXPECT_EQ(ToConstraint({R("1.0", true, "1.2.3", false), R("2.0.0", true, "2.0.0", true)}),
            ">=1.0,<1.2.3|=2.0.0");
  EXPECT_EQ(ToConstraint({R("*", true, "*", true)}), "*");
  EXPECT_EQ(ToConstraint({R("1.0", true, "2.0", false), R("*", true, "*", false)}), "*");
  EXPECT_EQ(ToConstraint({R(" 1.0 ", true, "1.1-beta2", false)}), ">=1.0,<1.1-beta2");
}

TEST(ToConstraintTest, RefusesWhatComposerCannotParse) {
  EXPECT_EQ(ToConstraint({}), std::nullopt);
  EXPECT_EQ(ToConstraint({R("", true, "1.0", false)}), std::nullopt);
  EXPECT_EQ(ToConstraint({R("1.0", true, "1.0 beta", false)}), std::nullopt);
  EXPECT_EQ(ToConstraint({R("1.0", true, "1,2", false)}), std::nullopt);
  EXPECT_EQ(ToConstraint({R("1.0", true, "<2.0", false)}), std::nullopt);
  EXPECT_EQ(ToConstraint({R("1.0", true, "1.0", false)}), std::nullopt);  // Empty range.
  EXPECT_EQ(ToConstraint({R("1.0", true, "not a version", false)}), std::nullopt);
}

TEST(AdvisoryJsonTest, CanonicalKeysAndNulls) {
  Advisory a;
  a.advisory_id = "WF-1";
  a.package_name = "wp-plugin/x";
  a.title = "XSS";
  a.affected_versions = "<1.0";
  a.reported_at = "2024-01-02 03:04:05";
  a.source_name = "Wordfence";
  a.remote_id = "1";
  EXPECT_EQ(AdvisoryJson(a),
            R"({"advisoryId":"WF-1","affectedVersions":"\u003c1.0","cve":null,"link":null,)"
            R"("packageName":"wp-plugin/x","reportedAt":"2024-01-02 03:04:05","severity":null,)"
            R"("sources":[{"name":"Wordfence","remoteId":"1"}],"title":"XSS"})");
  a.cve = "CVE-2024-1";
  a.copyright = "(c) Defiant";
  a.license = "CC BY";
  a.severity = "high";
  a.link = "https://example.com/1";
  EXPECT_EQ(AdvisoryJson(a),
            R"({"advisoryId":"WF-1","affectedVersions":"\u003c1.0","copyright":"(c) Defiant",)"
            R"("cve":"CVE-2024-1","license":"CC BY","link":"https://example.com/1",)"
            R"("packageName":"wp-plugin/x","reportedAt":"2024-01-02 03:04:05","severity":"high",)"
            R"("sources":[{"name":"Wordfence","remoteId":"1"}],"title":"XSS"})");
}

}  // namespace
}  // namespace wpp::advisories
