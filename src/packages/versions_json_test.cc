#include "packages/versions_json.h"

#include "gtest/gtest.h"

namespace wpp::packages {
namespace {

const std::map<std::string, std::string> kAkismet = {
    {"5.3", "https://downloads.wordpress.org/plugin/akismet.5.3.zip"},
    {"5.3.1", "https://downloads.wordpress.org/plugin/akismet.5.3.1.zip"},
    {"5.3.2", "https://downloads.wordpress.org/plugin/akismet.5.3.2.zip"},
    {"5.3.3", "https://downloads.wordpress.org/plugin/akismet.5.3.3.zip"},
    {"dev-trunk", "https://downloads.wordpress.org/plugin/akismet.zip"}};

TEST(VersionsJsonTest, IsCompactWithSortedKeys) {
  EXPECT_EQ(CanonicalVersionsJson({}), "{}");
  EXPECT_EQ(CanonicalVersionsJson({{"5.3.10", "b"}, {"5.3.2", "c"}, {"5.3", "a"}}),
            R"({"5.3":"a","5.3.10":"b","5.3.2":"c"})");
}

TEST(VersionsJsonTest, EscapesPerTheCanonicalRules) {
  std::string out;
  AppendJsonString("a\"b\\c\n\r\t\b\f\x01<>&/\u00e9\u2028\u2029\xff", &out);

  EXPECT_EQ(out, R"("a\"b\\c\n\r\t\b\f\u0001\u003c\u003e\u0026/)"
                 "\u00e9"
                 R"(\u2028\u2029\ufffd")");
}

// docs/behaviour.md §5.5 test vectors.
TEST(ContentHashTest, MatchesTheSpecVectors) {
  const std::string json = CanonicalVersionsJson(kAkismet);

  EXPECT_EQ(ContentHash(json, std::nullopt),
            "69301cb1db5a4554c873d9fd957834a3d586c3cbda7a20027855fbd6f22b5ba7");
  EXPECT_EQ(ContentHash(json, 3470087),
            "4ad7fd02369bae4dab031e33230e87d0c20de2147a254fdb8e549fe393a0ebb9");
}

}  // namespace
}  // namespace wpp::packages
