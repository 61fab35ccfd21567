#include "advisories/run.h"

#include <gtest/gtest.h>

#include "testutil/fake_clock.h"
#include "testutil/fake_http_client.h"
#include "testutil/test_db.h"

namespace wpp::advisories {
namespace {

constexpr char kUrl[] = "https://feed.example/v3";
constexpr char kFeed[] = R"({"r1": {"title": "XSS", "software": [{"type": "plugin",
  "slug": "akismet", "affected_versions": {"x": {"from_version": "*", "from_inclusive": true,
  "to_version": "5.3.1", "to_inclusive": true}}}], "published": "2024-01-01 00:00:00"},
  "bad": {"title": ""}})";

std::string HeaderOf(const io::HttpRequest& request, std::string_view name) {
  for (const auto& [k, v] : request.headers) {
    if (k == name) {
      return v;
    }
  }
  return "<none>";
}

class RunTest : public ::testing::Test {
 protected:
  base::Result<RunReport> RunOnce() {
    return advisories::Run(*db_, http_, clock_, {.feed_url = kUrl, .feed_key = "k3y"});
  }
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  testutil::FakeHttpClient http_;
  testutil::FakeClock clock_;
};

TEST_F(RunTest, ConditionalFetchKeepsDataOn304AndOnFailure) {
  http_.Enqueue(
      kUrl, io::HttpResponse{.status = 200,
                             .headers = {{"etag", "\"v1\""}, {"last-modified", "Mon, 01 Jan 2024"}},
                             .body = kFeed});
  http_.Enqueue(kUrl, io::HttpResponse{.status = 304, .headers = {}, .body = ""});
  http_.Enqueue(kUrl, io::HttpResponse{.status = 500, .headers = {}, .body = "oops"});
  http_.Enqueue(kUrl, io::HttpResponse{.status = 200, .headers = {}, .body = "{\"trunc"});

  auto first = RunOnce();
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_EQ(first->feed, "fetched");
  EXPECT_EQ(first->records, 2);
  EXPECT_EQ(first->bad_records, 1);
  EXPECT_EQ(first->from_feed.added, 1);
  auto sent = http_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(HeaderOf(sent[0], "Authorization"), "Bearer k3y");
  EXPECT_EQ(HeaderOf(sent[0], "If-None-Match"), "<none>");

  auto second = RunOnce();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->feed, "not-modified");
  sent = http_.sent();
  EXPECT_EQ(HeaderOf(sent[1], "If-None-Match"), "\"v1\"");
  EXPECT_EQ(HeaderOf(sent[1], "If-Modified-Since"), "Mon, 01 Jan 2024");

  EXPECT_FALSE(RunOnce().ok());  // HTTP 500.
  EXPECT_FALSE(RunOnce().ok());  // Not JSON.
  AdvisoryStore store(*db_);
  EXPECT_EQ(*store.Count(), 1);  // Still the first feed's advisory.
  auto state = store.LoadFeedState();
  EXPECT_EQ((*state)->etag, "\"v1\"");
}

TEST_F(RunTest, WithoutAFeedOnlyClosuresAreRefreshed) {
  auto report = advisories::Run(*db_, http_, clock_, {});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->feed, "none");
  EXPECT_TRUE(http_.sent().empty());
}

}  // namespace
}  // namespace wpp::advisories
