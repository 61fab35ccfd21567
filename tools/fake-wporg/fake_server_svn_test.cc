// PROPFIND, fault hooks and a client following docs/behaviour.md §4.4 against a
// lagging REPORT mirror.

#include <unistd.h>

#include <algorithm>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fake_server.h"
#include "fake_test_util.h"

namespace wpp::fakewporg {
namespace {

using fake_testing::Fake;
using fake_testing::ParseLog;
using Json = nlohmann::json;

TEST(FakeServerSvnTest, PropfindAnswersDepthZeroAndOne) {
  Fake fake;
  const http::Headers depth1 = {{"depth", "1"}};

  const http::Response plugin = fake.Call("PROPFIND", "/plugins-svn/akismet/tags/", {}, "", depth1);
  const http::Response theme = fake.Call("PROPFIND", "/themes-svn/astra/", {}, "", depth1);
  const http::Response one =
      fake.Call("PROPFIND", "/plugins-svn/akismet/tags/5.3/", {}, "", {{"depth", "0"}});

  EXPECT_EQ(plugin.status, 207);
  EXPECT_EQ(std::count(plugin.body.begin(), plugin.body.end(), '\n') > 0, true);
  EXPECT_NE(plugin.body.find("<D:href>/plugins-svn/akismet/tags/5.3.3/</D:href>"),
            std::string::npos);
  EXPECT_NE(theme.body.find("<D:href>/themes-svn/astra/4.8.2/</D:href>"), std::string::npos);
  EXPECT_EQ(one.status, 207);
  EXPECT_EQ(fake.Call("PROPFIND", "/plugins-svn/akismet/tags/", {}, "", {}).status, 403);
  EXPECT_EQ(
      fake.Call("PROPFIND", "/plugins-svn/akismet/tags/", {}, "", {{"depth", "infinity"}}).status,
      403);
  EXPECT_EQ(fake.Call("PROPFIND", "/plugins-svn/nothing/tags/", {}, "", depth1).status, 404);
  EXPECT_EQ(fake.Call("PROPFIND", "/plugins-svn/akismet/tags/9.9/", {}, "", depth1).status, 404);
}

TEST(FakeServerSvnTest, NewTagsShowUpInPropfindWithTheirCommitTime) {
  Fake fake({.commits_per_minute = 60});
  fake.timeline->Advance(3 * 60 * 1000);
  const Json state = Json::parse(fake.Call("GET", "/_fake/state").body);
  for (const auto& [name, entry] : state["changed"].items()) {
    if (entry["type"] != "plugin") {
      continue;
    }
    const std::string slug = entry["slug"];
    const std::string version = entry["version"];

    const http::Response r = fake.Call(
        "PROPFIND", "/plugins-svn/" + slug + "/tags/" + version + "/", {}, "", {{"depth", "0"}});

    EXPECT_EQ(r.status, 207) << name;
    const std::string day = entry["last_updated"].get<std::string>().substr(0, 19);
    EXPECT_NE(r.body.find("<lp1:creationdate>" + day), std::string::npos) << r.body;
    return;
  }
  FAIL() << "no plugin release in 3 minutes";
}

TEST(FakeServerSvnTest, StatusFaultsAndFlakyAnswers) {
  Fake fake;

  EXPECT_EQ(fake.Call("GET", "/fault/503/plugins-svn/").status, 503);
  EXPECT_EQ(fake.Call("GET", "/fault/500/api/plugins/info/1.2/").status, 500);
  EXPECT_EQ(fake.Call("GET", "/fault/nonsense/plugins-svn/").status, 400);
  EXPECT_EQ(fake.Info("fault-429-x").status, 429);
  std::vector<int> flaky;
  for (int i = 0; i < 4; ++i) {
    flaky.push_back(fake.Info("fault-flaky-2-x").status);
  }
  EXPECT_EQ(flaky, (std::vector<int>{503, 503, 200, 200}));
  EXPECT_EQ(fake.Info("fault-flaky-listed").status, 503);
  EXPECT_EQ(fake.Info("fault-flaky-listed").status, 200);
}

TEST(FakeServerSvnTest, BodyFaultsCorruptTheNormalAnswer) {
  Fake fake;

  const http::Response bad =
      fake.Call("GET", "/fault/badjson/api/plugins/info/1.2/",
                {{"action", "plugin_information"}, {"request[slug]", "akismet"}});
  const http::Response truncated = fake.Info("fault-truncate-x");
  const http::Response not_object = fake.Info("fault-notobject-x");
  const http::Response api_error = fake.Info("fault-apierror-x");
  const http::Response invalid = fake.Info("fault-invalidutf8-x");

  EXPECT_EQ(bad.status, 200);
  EXPECT_FALSE(Json::accept(bad.body));
  // The full length is announced and half the bytes are sent: the server
  // then closes the connection (http::Response::declared_size).
  EXPECT_GT(truncated.body.size(), 0u);
  EXPECT_EQ(truncated.declared_size / 2, truncated.body.size());
  EXPECT_LT(truncated.file_fd, 0);
  EXPECT_TRUE(Json::parse(not_object.body).is_array());
  EXPECT_EQ(api_error.status, 200);
  EXPECT_TRUE(Json::parse(api_error.body).contains("error"));
  EXPECT_FALSE(Json::accept(invalid.body));
  EXPECT_EQ(fake.Call("GET", "/downloads/plugin/fault-503-x.1.0.zip").status, 503);
}

TEST(FakeServerSvnTest, FaultNamesParse) {
  EXPECT_EQ(ParseFaultToken("flaky-3")->kind, FaultKind::kFlaky);
  EXPECT_EQ(ParseFaultToken("flaky-3")->arg, 3);
  EXPECT_EQ(ParseFaultToken("503")->arg, -1);
  EXPECT_FALSE(ParseFaultToken("5033").has_value());
  EXPECT_EQ(FaultFromSlug("fault-hang-2-x")->kind, FaultKind::kHang);
  EXPECT_EQ(FaultFromSlug("fault-hang-2-x")->arg, 2);
  EXPECT_EQ(FaultFromSlug("fault-truncate")->kind, FaultKind::kTruncate);
  EXPECT_FALSE(FaultFromSlug("fault-nope-x").has_value());
  EXPECT_FALSE(FaultFromSlug("faulty-503").has_value());
}

TEST(FakeServerSvnTest, ClosureFaults) {
  Fake fake;
  const http::Response html404 = fake.Info("fault-html404-x");
  EXPECT_EQ(html404.status, 404);
  EXPECT_FALSE(Json::accept(html404.body));
  const http::Response closed = fake.Info("fault-closed-x");
  EXPECT_EQ(closed.status, 404);
  EXPECT_EQ(Json::parse(closed.body)["error"], "closed");
  EXPECT_EQ(Json::parse(closed.body)["reason"], false);
  const http::Response perm = fake.Info("fault-closedperm-x");
  EXPECT_EQ(perm.status, 404);
  EXPECT_EQ(Json::parse(perm.body)["reason"], "author-request");
  // reopen-2: closed twice, then the package answers.
  std::vector<int> reopen;
  for (int i = 0; i < 3; ++i) {
    reopen.push_back(fake.Info("fault-reopen-2-x").status);
  }
  EXPECT_EQ(reopen, (std::vector<int>{404, 404, 200}));
  EXPECT_EQ(FaultFromSlug("fault-closedperm-x")->kind, FaultKind::kClosedPerm);
  EXPECT_EQ(FaultFromSlug("fault-closed-x")->kind, FaultKind::kClosed);
  EXPECT_EQ(FaultFromSlug("fault-html404-x")->kind, FaultKind::kHtml404);
}

TEST(FakeServerSvnTest, ListingCanBeTheLaggingMirror) {
  Fake fake({.commits_per_minute = 60, .replica_lag_ms = 30000, .lagging = LaggingSide::kListing});
  fake.timeline->Advance(5 * 60 * 1000);
  const int64_t now = fake.timeline->Now();
  const int64_t head = fake.timeline->Head(RepoType::kPlugin, now);

  const int64_t listed = fake.ListingHead("/plugins-svn");
  const auto revisions = ParseLog(fake.Report("/plugins-svn", listed - 5, head).body).first;

  EXPECT_LT(listed, head);
  ASSERT_FALSE(revisions.empty());
  EXPECT_EQ(revisions.front(), head);
}

TEST(FakeServerSvnTest, AlternatingMirrorsLagEverySecondRequest) {
  Fake fake(
      {.commits_per_minute = 60, .replica_lag_ms = 30000, .lagging = LaggingSide::kAlternate});
  fake.timeline->Advance(5 * 60 * 1000);
  const int64_t head = fake.timeline->Head(RepoType::kPlugin, fake.timeline->Now());

  std::vector<bool> report_lagged;
  for (int i = 0; i < 4; ++i) {
    EXPECT_GT(fake.ListingHead("/plugins-svn"), 0);
    report_lagged.push_back(
        ParseLog(fake.Report("/plugins-svn", head - 100, head).body).first.front() < head);
  }

  EXPECT_EQ(report_lagged, (std::vector<bool>{false, true, false, true}));
}

int64_t YoungestRev(const http::Response& r) {
  for (const auto& [name, value] : r.headers) {
    if (name == "SVN-Youngest-Rev") {
      return std::stoll(value);
    }
  }
  return -1;
}

// OPTIONS answers the youngest revision of the REPORT side: what the next
// changelog REPORT returns, not the listing's HEAD.
TEST(FakeServerSvnTest, OptionsAnswersTheYoungestRevisionOfTheReportMirror) {
  Fake fake({.commits_per_minute = 60, .replica_lag_ms = 30000});
  fake.timeline->Advance(5 * 60 * 1000);
  const int64_t head = fake.timeline->Head(RepoType::kPlugin, fake.timeline->Now());

  const http::Response r = fake.Call("OPTIONS", "/plugins-svn/", {},
                                     "<D:options xmlns:D=\"DAV:\"><D:activity-collection-set/>"
                                     "</D:options>");
  const int64_t youngest = YoungestRev(r);
  const auto revisions = ParseLog(fake.Report("/plugins-svn", youngest - 5, head).body).first;

  EXPECT_EQ(r.status, 200);
  EXPECT_LT(youngest, head);
  EXPECT_EQ(youngest, fake.timeline->Head(RepoType::kPlugin, fake.timeline->Now() - 30000));
  ASSERT_FALSE(revisions.empty());
  EXPECT_EQ(revisions.front(), youngest);
  EXPECT_NE(r.body.find("<D:activity-collection-set>"), std::string::npos);
  EXPECT_EQ(YoungestRev(fake.Call("OPTIONS", "/themes-svn/")),
            fake.timeline->Head(RepoType::kTheme, fake.timeline->Now() - 30000));
}

TEST(FakeServerSvnTest, OptionsAlternatesWithAlternatingMirrors) {
  Fake fake(
      {.commits_per_minute = 60, .replica_lag_ms = 30000, .lagging = LaggingSide::kAlternate});
  fake.timeline->Advance(5 * 60 * 1000);
  const int64_t head = fake.timeline->Head(RepoType::kPlugin, fake.timeline->Now());

  std::vector<bool> lagged;
  for (int i = 0; i < 4; ++i) {
    lagged.push_back(YoungestRev(fake.Call("OPTIONS", "/plugins-svn/")) < head);
  }

  EXPECT_EQ(lagged, (std::vector<bool>{false, true, false, true}));
}

// A client that follows the watermark rules of docs/behaviour.md §4.4 never
// misses a release, although the REPORT mirror lags the listing.
TEST(FakeServerSvnTest, WatermarkClientMissesNothingBehindALaggingReport) {
  Fake fake({.commits_per_minute = 60, .replica_lag_ms = 30000});
  const std::string svn = "/plugins-svn";
  int64_t watermark = fake.ListingHead(svn);
  std::set<std::string> marked;
  int lagged_runs = 0;
  for (int minute = 0; minute < 10; ++minute) {
    fake.timeline->Advance(60 * 1000);
    const int64_t head = fake.ListingHead(svn);
    const auto [revisions, slugs] = ParseLog(fake.Report(svn, watermark + 1, head).body);
    marked.insert(slugs.begin(), slugs.end());
    const int64_t max_rev =
        revisions.empty() ? 0 : *std::max_element(revisions.begin(), revisions.end());
    lagged_runs += max_rev < head;
    watermark = std::max(watermark, max_rev);
  }

  const Json state = Json::parse(fake.Call("GET", "/_fake/state").body);
  int checked = 0;
  for (const auto& [name, entry] : state["changed"].items()) {
    if (entry["type"] == "plugin" && entry["revision"].get<int64_t>() <= watermark) {
      EXPECT_EQ(marked.count(entry["slug"].get<std::string>()), 1u) << name;
      ++checked;
    }
  }
  EXPECT_EQ(lagged_runs, 10);
  EXPECT_GT(checked, 100);
  EXPECT_LT(watermark, state["plugins"]["head"].get<int64_t>());
}

}  // namespace
}  // namespace wpp::fakewporg
