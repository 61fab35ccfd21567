#include "objectstore/s3_protocol.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "base/text.h"

namespace wpp::objectstore::s3 {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The SigV4 canonical encoding of keys (PercentEncodePath) and query parts
// (PercentEncode): only A-Z a-z 0-9 - _ . ~ are left as is.
TEST(UriEncodeTest, LeavesOnlyUnreservedCharacters) {
  EXPECT_EQ(base::PercentEncodePath("p2/wp-plugin/a_b.c~dev.json"), "p2/wp-plugin/a_b.c~dev.json");
  EXPECT_EQ(base::PercentEncodePath("p2/x y+z"), "p2/x%20y%2Bz");
  EXPECT_EQ(base::PercentEncode("p2/"), "p2%2F");
  EXPECT_EQ(base::PercentEncode("é*=&"), "%C3%A9%2A%3D%26");
}

TEST(CanonicalQueryTest, SortsEncodesAndWritesEmptyValues) {
  EXPECT_EQ(CanonicalQuery({{"prefix", "p2/wp plugin/"}, {"list-type", "2"}}),
            "list-type=2&prefix=p2%2Fwp%20plugin%2F");
  EXPECT_EQ(CanonicalQuery({{"delete", ""}}), "delete=");
  EXPECT_EQ(CanonicalQuery({}), "");
  // Sorted by encoded name, then value.
  EXPECT_EQ(CanonicalQuery({{"b", "2"}, {"a", "z"}, {"a", "y"}}), "a=y&a=z&b=2");
}

TEST(ObjectUrlTest, PathStyleAndVirtualHosted) {
  auto endpoint = ParseEndpoint("https://acct.r2.example.net/");
  ASSERT_TRUE(endpoint) << endpoint.error().message();
  EXPECT_EQ(ObjectUrl(*endpoint, "repo", true, "p2/wp-plugin/a~dev.json"),
            "https://acct.r2.example.net/repo/p2/wp-plugin/a~dev.json");
  EXPECT_EQ(ObjectUrl(*endpoint, "repo", false, "p2/a b.json"),
            "https://repo.acct.r2.example.net/p2/a%20b.json");
  EXPECT_EQ(ObjectUrl(*endpoint, "repo", true, "", "list-type=2&prefix=p2%2F"),
            "https://acct.r2.example.net/repo?list-type=2&prefix=p2%2F");
  EXPECT_EQ(ObjectUrl(*endpoint, "repo", false, "", "delete="),
            "https://repo.acct.r2.example.net/?delete=");
}

TEST(ParseEndpointTest, KeepsPortAndBasePathAndRejectsNonUrls) {
  auto endpoint = ParseEndpoint("http://127.0.0.1:9000/s3/");
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->scheme, "http");
  EXPECT_EQ(endpoint->authority, "127.0.0.1:9000");
  EXPECT_EQ(endpoint->base_path, "/s3");
  for (const char* bad : {"", "127.0.0.1:9000", "ftp://host", "https://", "https://u@host"}) {
    auto parsed = ParseEndpoint(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code(), base::ErrorCode::kInvalidArgument);
  }
}

TEST(ParseListResponseTest, ReadsKeysSizesAndContinuation) {
  const char* xml = R"(<?xml version="1.0"?><ListBucketResult><IsTruncated>true</IsTruncated>)"
                    R"(<Contents><Key>p2/a&amp;b.json</Key><Size>12</Size></Contents>)"
                    R"(<Contents><Key>p2/c~dev.json</Key><Size>3</Size></Contents>)"
                    R"(<NextContinuationToken>tok/1=</NextContinuationToken></ListBucketResult>)";
  auto page = ParseListResponse(xml);
  ASSERT_TRUE(page) << page.error().message();
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "p2/a&b.json");
  EXPECT_EQ(page->objects[0].size, 12);
  EXPECT_EQ(page->objects[1].key, "p2/c~dev.json");
  EXPECT_EQ(page->next_token, "tok/1=");
  EXPECT_FALSE(ParseListResponse("<html>oops</html>"));
}

TEST(DeleteObjectsTest, BodyEscapesKeysAndErrorsAreParsed) {
  const std::string body = DeleteRequestBody({"p2/a&b.json", "p2/c.json"});
  EXPECT_THAT(body, HasSubstr("<Quiet>true</Quiet>"));
  EXPECT_THAT(body, HasSubstr("<Object><Key>p2/a&amp;b.json</Key></Object>"));
  EXPECT_THAT(ParseDeleteErrors("<DeleteResult><Error><Key>p2/c.json</Key><Code>AccessDenied"
                                "</Code></Error></DeleteResult>"),
              ElementsAre("p2/c.json"));
  EXPECT_TRUE(ParseDeleteErrors("<DeleteResult></DeleteResult>").empty());
}

TEST(ErrorFromResponseTest, MapsStatusesToCodesAndNamesTheBucket) {
  const auto denied = ErrorFromResponse(403, "<Error><Code>SignatureDoesNotMatch</Code></Error>",
                                        "repo", "PUT packages.json");
  EXPECT_EQ(denied.code(), base::ErrorCode::kPermissionDenied);
  EXPECT_THAT(denied.message(), HasSubstr("bucket repo"));
  EXPECT_THAT(denied.message(), HasSubstr("SignatureDoesNotMatch"));

  const auto missing =
      ErrorFromResponse(404, "<Error><Code>NoSuchBucket</Code></Error>", "nope", "LIST p2/");
  EXPECT_EQ(missing.code(), base::ErrorCode::kNotFound);
  EXPECT_THAT(missing.message(), HasSubstr("bucket nope does not exist"));

  EXPECT_EQ(ErrorFromResponse(503, "", "repo", "x").code(), base::ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorFromResponse(400, "<Code>InvalidArgument</Code>", "repo", "x").code(),
            base::ErrorCode::kInvalidArgument);
  EXPECT_THAT(
      ErrorFromResponse(404, "<Error><Code>NoSuchKey</Code></Error>", "repo", "GET k").message(),
      Not(HasSubstr("does not exist")));
}

}  // namespace
}  // namespace wpp::objectstore::s3
