#include "wporg/info_parser.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wpp::wporg {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

std::string ReadTestdata(const std::string& path) {
  std::ifstream in(std::string(WPP_SOURCE_DIR) + "/testdata/" + path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// WPO-01
TEST(ParseInfoResponseTest, MinimalSuccessIsAvailable) {
  auto result = ParseInfoResponse(PackageType::kPlugin, 200,
                                  ReadTestdata("inline/wporg/api_minimal_success.json"));

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->availability, Availability::kAvailable);
  EXPECT_EQ(result->info.slug, "akismet");
  EXPECT_EQ(result->info.display_name, "Akismet");
  EXPECT_EQ(result->info.version, "5.0");
}

// WPO-03
TEST(ParseInfoResponseTest, ErrorKeyWithStatus200IsAPermanentError) {
  auto result = ParseInfoResponse(PackageType::kPlugin, 200,
                                  ReadTestdata("inline/wporg/api_error_not_found.json"));

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(result.error().message(), "API error: Plugin not found.");
}

TEST(ParseInfoResponseTest, ErrorKeyWithStatus404IsNotFound) {
  auto result = ParseInfoResponse(PackageType::kPlugin, 404,
                                  ReadTestdata("inline/wporg/api_error_not_found.json"));

  ASSERT_TRUE(result);
  EXPECT_EQ(result->availability, Availability::kNotFound);
}

// WPO-04
TEST(ParseInfoResponseTest, PermanentClosureIsClosedPermanent) {
  for (int status : {404, 200}) {
    auto result = ParseInfoResponse(PackageType::kPlugin, status,
                                    ReadTestdata("inline/wporg/api_closed_permanent.json"));

    ASSERT_TRUE(result);
    EXPECT_EQ(result->availability, Availability::kClosedPermanent);
  }
}

// WPO-05
TEST(ParseInfoResponseTest, TemporaryClosureIsNotFound) {
  auto result = ParseInfoResponse(PackageType::kPlugin, 404,
                                  ReadTestdata("inline/wporg/api_closed_temporary.json"));

  ASSERT_TRUE(result);
  EXPECT_EQ(result->availability, Availability::kNotFound);
}

// docs/behaviour.md §11.3: what a closure answer says is kept.
TEST(ParseInfoResponseTest, ClosureDetailsAreKept) {
  auto permanent = ParseInfoResponse(PackageType::kPlugin, 404,
                                     ReadTestdata("inline/wporg/api_closed_permanent.json"));
  ASSERT_TRUE(permanent);
  ASSERT_TRUE(permanent->closure.has_value());
  EXPECT_TRUE(permanent->closure->permanent);
  EXPECT_EQ(permanent->closure->closed_date, "2026-04-09");
  EXPECT_EQ(permanent->closure->reason, "author-request");
  EXPECT_EQ(permanent->closure->reason_text, "Author Request");
  EXPECT_NE(permanent->closure->description.find("This closure is permanent."), std::string::npos);

  auto temporary = ParseInfoResponse(PackageType::kPlugin, 404,
                                     ReadTestdata("inline/wporg/api_closed_temporary.json"));
  ASSERT_TRUE(temporary);
  ASSERT_TRUE(temporary->closure.has_value());
  EXPECT_FALSE(temporary->closure->permanent);
  EXPECT_EQ(temporary->closure->closed_date, "2026-04-09");
  EXPECT_EQ(temporary->closure->reason, "");  // `false` in the payload.
  EXPECT_EQ(temporary->closure->reason_text, "");

  auto missing = ParseInfoResponse(PackageType::kPlugin, 404,
                                   ReadTestdata("inline/wporg/api_error_not_found.json"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->availability, Availability::kNotFound);
  EXPECT_FALSE(missing->closure.has_value());
}

// docs/behaviour.md §2.3: a 404 that is not the API's JSON (a proxy's HTML
// or empty page) is an error, never "not found", for every caller of the
// info request (update and check-status alike).
TEST(ParseInfoResponseTest, Html404IsAnErrorNotNotFound) {
  for (const std::string body : {"<html><body>404</body></html>", "", "[1]", "\"x\""}) {
    auto result = ParseInfoResponse(PackageType::kPlugin, 404, body);
    ASSERT_FALSE(result) << body;
    EXPECT_EQ(result.error().code(), base::ErrorCode::kDataLoss);
    EXPECT_EQ(result.error().message(), "404 without a JSON body");
  }
}

// WPO-09 and malformed or truncated bodies.
TEST(ParseInfoResponseTest, NonObjectWithStatus200IsDataLoss) {
  const std::string akismet = ReadTestdata("wporg/plugins/akismet.json");
  for (const std::string& body : {std::string("not json"), std::string("[1,2]"), std::string(""),
                                  akismet.substr(0, akismet.size() / 2), akismet + "}"}) {
    auto result = ParseInfoResponse(PackageType::kPlugin, 200, body);

    ASSERT_FALSE(result) << body;
    EXPECT_EQ(result.error().code(), base::ErrorCode::kDataLoss) << body;
  }
}

TEST(ParseInfoResponseTest, OtherStatusesAreRetryable) {
  for (int status : {429, 500, 503, 301}) {
    auto result = ParseInfoResponse(PackageType::kPlugin, status, "{}");

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code(), base::ErrorCode::kUnavailable);
    EXPECT_EQ(result.error().message(), "unexpected status " + std::to_string(status));
  }
}

TEST(ParseInfoResponseTest, MapsThePluginFixture) {
  auto result =
      ParseInfoResponse(PackageType::kPlugin, 200, ReadTestdata("wporg/plugins/akismet.json"));

  ASSERT_TRUE(result) << result.error().message();
  const PackageInfo& info = result->info;
  EXPECT_EQ(info.slug, "akismet");
  EXPECT_EQ(info.display_name, "Akismet Anti-spam: Spam Protection");
  EXPECT_EQ(info.author, "Automattic - Anti-spam Team");
  EXPECT_EQ(info.homepage, "https://akismet.com/");
  EXPECT_EQ(info.description,
            "The best anti-spam protection to block spam comments and spam in a contact form.");
  EXPECT_EQ(info.version, "5.3.3");
  EXPECT_EQ(info.last_updated, "2024-10-03T14:31:00Z");
  EXPECT_EQ(info.downloads, 312000000);
  EXPECT_EQ(info.active_installs, 5000000);
  EXPECT_EQ(info.num_ratings, 1100);
  EXPECT_EQ(info.rating, 94.0);
  EXPECT_EQ(info.versions.size(), 5u);
  EXPECT_EQ(info.versions.at("dev-trunk"), "https://downloads.wordpress.org/plugin/akismet.zip");
}

TEST(ParseInfoResponseTest, ThemeDescriptionComesFromSectionsWithoutTags) {
  auto result = ParseInfoResponse(
      PackageType::kTheme, 200,
      R"({"slug":"t","sections":{"description":"<p>Fast &amp; <b>light</b></p>"},"author":"A &amp; B"})");

  ASSERT_TRUE(result);
  EXPECT_EQ(result->info.description, "Fast & light");
  EXPECT_EQ(result->info.author, "A & B");
}

TEST(ParseInfoResponseTest, MistypedFieldsAreIgnored) {
  auto result = ParseInfoResponse(
      PackageType::kPlugin, 200,
      R"({"slug":"x","name":"","author":{"n":1},"downloaded":"12","active_installs":7.9,)"
      R"("rating":0,"versions":[],"homepage":false,"last_updated":"soon"})");

  ASSERT_TRUE(result);
  const PackageInfo& info = result->info;
  EXPECT_EQ(info.display_name, std::nullopt);
  EXPECT_EQ(info.author, std::nullopt);
  EXPECT_EQ(info.homepage, std::nullopt);
  EXPECT_EQ(info.last_updated, std::nullopt);
  EXPECT_EQ(info.downloads, 0);
  EXPECT_EQ(info.active_installs, 7);
  EXPECT_EQ(info.rating, std::nullopt);
  EXPECT_TRUE(info.versions.empty());
}

TEST(ParseInfoResponseTest, NonStringVersionValuesAreSkipped) {
  auto result = ParseInfoResponse(PackageType::kPlugin, 200,
                                  R"({"slug":"x","versions":{"1.0":"u1","2.0":null,"3.0":3}})");

  ASSERT_TRUE(result);
  EXPECT_THAT(result->info.versions, ElementsAre(Pair("1.0", "u1")));
}

TEST(ParseInfoResponseTest, InvalidUtf8IsRepairedAndReported) {
  auto result = ParseInfoResponse(PackageType::kPlugin, 200,
                                  "{\"slug\":\"x\",\"name\":\"Caf\xE9 \xFF\",\"version\":\"1.0\"}");

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_TRUE(result->had_invalid_utf8);
  EXPECT_EQ(result->info.display_name, "Caf\uFFFD \uFFFD");
}

TEST(ParseLastUpdatedResponseTest, ReadsOnlyTheDate) {
  auto ok = ParseLastUpdatedResponse(200, R"({"slug":"a","last_updated":"2024-10-03 2:31pm GMT"})");
  auto none = ParseLastUpdatedResponse(200, R"({"slug":"a","last_updated":42})");
  auto closed =
      ParseLastUpdatedResponse(404, ReadTestdata("inline/wporg/api_closed_permanent.json"));

  ASSERT_TRUE(ok && none && closed);
  EXPECT_EQ(ok->last_updated, "2024-10-03T14:31:00Z");
  EXPECT_EQ(none->last_updated, std::nullopt);
  EXPECT_EQ(closed->availability, Availability::kClosedPermanent);
}

TEST(DescribeBodyTest, NamesWhatTheBodyIs) {
  EXPECT_EQ(DescribeBody(200, "", ""), "status 200, no content type, an empty body");
  EXPECT_EQ(DescribeBody(200, "text/html", " \n<html>"),
            "status 200, content type text/html, an HTML page (8 bytes)");
  EXPECT_EQ(DescribeBody(200, "", "<?xml version=\"1.0\"?>"),
            "status 200, no content type, an XML document (21 bytes)");
  EXPECT_EQ(DescribeBody(404, "", "[]"), "status 404, no content type, a JSON array (2 bytes)");
  EXPECT_EQ(DescribeBody(200, "", "\"x\""), "status 200, no content type, a JSON scalar (3 bytes)");
  EXPECT_EQ(DescribeBody(200, "", "null"), "status 200, no content type, a JSON scalar (4 bytes)");
  EXPECT_EQ(
      DescribeBody(200, "application/json", "{\"a\":"),
      "status 200, content type application/json, a JSON object that does not parse (5 bytes)");
  EXPECT_EQ(DescribeBody(200, "", "Oops"), "status 200, no content type, not JSON (4 bytes)");
}

}  // namespace
}  // namespace wpp::wporg
