#include "fake_server.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fake_test_util.h"

namespace wpp::fakewporg {
namespace {

using Json = nlohmann::json;

using fake_testing::Fake;
using fake_testing::ParseLog;

TEST(FakeServerTest, RootNamesTheThreeBaseUrls) {
  Fake fake;

  const Json j = Json::parse(fake.Call("GET", "/").body);

  EXPECT_EQ(j["api_url"], "http://127.0.0.1:9/api");
  EXPECT_EQ(j["plugins_svn_url"], "http://127.0.0.1:9/plugins-svn");
  EXPECT_EQ(j["themes_svn_url"], "http://127.0.0.1:9/themes-svn");
}

TEST(FakeServerTest, InfoAnswersSuccessClosedAndNotFound) {
  Fake fake;

  EXPECT_EQ(fake.Info("akismet").status, 200);
  EXPECT_EQ(Json::parse(fake.Info("astra", RepoType::kTheme).body)["version"], "4.8.4");
  const http::Response permanent = fake.Info("yalw");
  EXPECT_EQ(permanent.status, 404);
  EXPECT_NE(permanent.body.find("This closure is permanent."), std::string::npos);
  const http::Response temporary = fake.Info("temp");
  EXPECT_EQ(temporary.status, 404);
  EXPECT_NE(temporary.body.find("temporary"), std::string::npos);
  EXPECT_EQ(fake.Info("no-such-plugin").status, 404);
  EXPECT_EQ(Json::parse(fake.Info("no-such-plugin").body)["error"], "Plugin not found.");
  EXPECT_EQ(fake.Call("GET", "/api/plugins/info/1.2/", {{"action", "plugin_information"}}).status,
            400);
  EXPECT_EQ(fake.Call("GET", "/api/plugins/info/1.2/", {{"request[slug]", "akismet"}}).status, 400);
}

TEST(FakeServerTest, DownloadsServeListedVersionsOnly) {
  Fake fake;

  const http::Response zip = fake.Call("GET", "/downloads/plugin/akismet.5.3.2.zip");
  EXPECT_EQ(zip.status, 200);
  EXPECT_EQ(zip.body.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_EQ(fake.Call("GET", "/downloads/plugin/akismet.zip").status, 200);
  EXPECT_EQ(fake.Call("GET", "/downloads/theme/astra.4.8.3.zip").status, 200);
  EXPECT_EQ(fake.Call("GET", "/downloads/plugin/akismet.9.9.zip").status, 404);
  EXPECT_EQ(fake.Call("GET", "/downloads/plugin/yalw.1.0.zip").status, 404);
  EXPECT_EQ(fake.Call("GET", "/downloads/plugin/nothing.1.0.zip").status, 404);
}

TEST(FakeServerTest, ListingShowsEverySlugAndTheHead) {
  Fake fake;

  const std::string body = fake.Call("GET", "/plugins-svn/").body;

  EXPECT_EQ(fake.ListingHead("/plugins-svn"), fake.corpus->repo(RepoType::kPlugin).clock().head);
  EXPECT_NE(body.find("<li><a href=\"akismet/\">akismet/</a></li>"), std::string::npos);
  EXPECT_NE(body.find("<li><a href=\"fault-503-listed/\">"), std::string::npos);
  const auto lines = std::count(body.begin(), body.end(), '\n');
  EXPECT_EQ(static_cast<size_t>(lines), fake.corpus->repo(RepoType::kPlugin).size() + 7);
  EXPECT_NE(fake.Call("GET", "/themes-svn/astra/").body.find("href=\"4.8.4/\""), std::string::npos);
}

TEST(FakeServerTest, ReleasesAppearInListingReportApiAndState) {
  Fake fake({.commits_per_minute = 60});
  const int64_t plugin_head0 = fake.ListingHead("/plugins-svn");
  const int64_t theme_head0 = fake.ListingHead("/themes-svn");

  fake.timeline->Advance(10 * 60 * 1000);

  const int64_t plugin_head = fake.ListingHead("/plugins-svn");
  const int64_t theme_head = fake.ListingHead("/themes-svn");
  EXPECT_EQ((plugin_head - plugin_head0) + (theme_head - theme_head0), 600);
  const auto [revisions, slugs] =
      ParseLog(fake.Report("/plugins-svn", plugin_head0 + 1, plugin_head).body);
  EXPECT_EQ(static_cast<int64_t>(revisions.size()), plugin_head - plugin_head0);
  const Json state = Json::parse(fake.Call("GET", "/_fake/state").body);
  EXPECT_EQ(state["plugins"]["head"], plugin_head);
  int plugins_checked = 0;
  for (const auto& [name, entry] : state["changed"].items()) {
    const bool plugin = entry["type"] == "plugin";
    const std::string slug = entry["slug"];
    const Json info =
        Json::parse(fake.Info(slug, plugin ? RepoType::kPlugin : RepoType::kTheme).body);
    EXPECT_EQ(info["version"], entry["version"]) << name;
    EXPECT_TRUE(info["versions"].contains(entry["version"].get<std::string>())) << name;
    if (plugin) {
      EXPECT_EQ(slugs.count(slug), 1u) << name;
      ++plugins_checked;
    }
  }
  EXPECT_GT(plugins_checked, 100);
}

TEST(FakeServerTest, TheSameSeedAndStartGiveTheSameReleases) {
  Fake a({.commits_per_minute = 120});
  Fake b({.commits_per_minute = 120});

  a.timeline->Advance(5 * 60 * 1000);
  b.timeline->Advance(5 * 60 * 1000);

  EXPECT_EQ(a.Call("GET", "/_fake/state").body, b.Call("GET", "/_fake/state").body);
}

TEST(FakeServerTest, LaggingReportReturnsOnlyWhatTheReplicaHas) {
  Fake fake({.commits_per_minute = 60, .replica_lag_ms = 30000});
  fake.timeline->Advance(5 * 60 * 1000);
  const int64_t head = fake.ListingHead("/plugins-svn");
  const int64_t from = head - 200;

  const auto lagged = ParseLog(fake.Report("/plugins-svn", from, head).body).first;
  fake.timeline->Advance(31 * 1000);
  const auto caught_up = ParseLog(fake.Report("/plugins-svn", from, head).body).first;

  ASSERT_FALSE(lagged.empty());
  EXPECT_LT(lagged.front(), head);  // Newest first; the newest revisions are missing.
  EXPECT_EQ(caught_up.front(), head);
  EXPECT_EQ(fake.Report("/plugins-svn", from, head + 1000).status, 500);
}

}  // namespace
}  // namespace wpp::fakewporg
