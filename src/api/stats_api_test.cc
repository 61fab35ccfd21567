#include "api/stats_api.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include <nlohmann/json.hpp>

#include "io/http_client.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(CompactCountTest, FormatsLikeTheSite) {
  EXPECT_EQ(CompactCount(0), "0");
  EXPECT_EQ(CompactCount(999), "999");
  EXPECT_EQ(CompactCount(1000), "1k");
  EXPECT_EQ(CompactCount(2500), "2k");  // printf rounds halves to even.
  EXPECT_EQ(CompactCount(7890), "8k");
  EXPECT_EQ(CompactCount(123456), "123k");
  EXPECT_EQ(CompactCount(999999), "1000k");
  EXPECT_EQ(CompactCount(1000000), "1.0M");
  EXPECT_EQ(CompactCount(1234567), "1.2M");
}

TEST(RenderBadgeTest, EscapesBothTexts) {
  const std::string svg = RenderBadge("<script>&\"", "1.2M");
  EXPECT_THAT(svg, HasSubstr("&lt;script&gt;&amp;&quot;"));
  EXPECT_THAT(svg, Not(HasSubstr("<script>")));
  EXPECT_THAT(svg, HasSubstr(">1.2M</text>"));
}

class StatsApiTest : public ::testing::Test {
 protected:
  virtual ApiLimits Limits() { return {.per_minute = 1e6, .burst = 1e6}; }

  void SetUp() override {
    const std::string db_path = tmp_.file("wpp.db");
    auto db = db::Database::Open(db_path);
    ASSERT_TRUE(db && (*db)->Migrate());
    db_ = std::move(db).value();
    ASSERT_TRUE(db_->Exec("INSERT INTO packages (id, type, name, is_active, "
                          "wp_packages_installs_total, wp_packages_installs_30d, created_at, "
                          "updated_at) VALUES "
                          "(1, 'plugin', 'akismet', 1, 1234567, 45678, 'x', 'x'), "
                          "(2, 'theme', 'developer', 1, 50, 0, 'x', 'x'), "
                          "(3, 'plugin', 'closed-one', 0, 10, 0, 'x', 'x'), "
                          "(4, 'plugin', 'quiet', 1, 0, 0, 'x', 'x');"
                          "INSERT INTO monthly_installs (package_id, month, installs) VALUES (1, "
                          "'2026-04', 88), "
                          "(1, '2026-03', 142), (2, '2026-03', 50), (3, '2026-03', 10);"
                          "UPDATE package_stats SET active_plugins = 500, active_themes = 200, "
                          "plugin_installs = 100000, theme_installs = 23456, installs_30d = 7890")
                    .ok());
    pool_ = std::move(db::ConnectionPool::Open(db_path, 2)).value();
    proxies_ = std::move(http::TrustedProxies::Parse({"127.0.0.0/8"})).value();
    const ApiLimits limits = Limits();
    limiter_ = std::make_unique<http::RateLimiter>(clock_, limits.per_minute, limits.burst);
    router_.Use(ApiRateLimit(*limiter_, proxies_));
    RegisterStatsRoutes(router_, *pool_);
    router_.Get("/elsewhere", [](const http::Request&) { return http::Response::Text("ok\n"); });
    server_ = std::move(
        http::Server::Start(
            {.route_options = [this](std::string_view m,
                                     std::string_view p) { return router_.OptionsFor(m, p); }},
            [this](http::Request& r) { return router_.Dispatch(r); })
            .value());
  }

  io::HttpResponse Get(const std::string& path, io::Headers headers = {}) {
    auto r = client_->Send({.url = "http://127.0.0.1:" + std::to_string(server_->port()) + path,
                            .headers = std::move(headers)});
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : io::HttpResponse{};
  }

  testutil::TempDir tmp_;
  testutil::FakeClock clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<db::ConnectionPool> pool_;
  http::TrustedProxies proxies_;
  std::unique_ptr<http::RateLimiter> limiter_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<io::HttpClient> client_ = io::NewCurlHttpClient({});
};

TEST_F(StatsApiTest, SiteTotalsComeFromPackageStats) {
  auto r = Get("/api/stats");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=300");
  ASSERT_TRUE(r.body.ends_with("}\n"));
  const auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc,
            nlohmann::json::parse(R"({"total_installs":123456,"total_installs_formatted":"123k",
      "installs_30d":7890,"installs_30d_formatted":"8k","active_plugins":500,"active_themes":200,
      "total_packages":700})"));
}

TEST_F(StatsApiTest, MissingStatsRowIs500) {
  ASSERT_TRUE(db_->Exec("DELETE FROM package_stats").ok());
  auto r = Get("/api/stats");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "stats unavailable\n");
  EXPECT_EQ(r.Header("cache-control"), "");
}

TEST_F(StatsApiTest, MonthlyInstallsOldestFirst) {
  for (const std::string type : {"plugin", "wp-plugin"}) {
    auto r = Get("/api/stats/packages/" + type + "/akismet");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("content-type"), "application/json");
    EXPECT_EQ(r.Header("cache-control"), "public, max-age=300");
    EXPECT_EQ(r.body, R"([{"installs":142,"month":"2026-03"},{"installs":88,"month":"2026-04"}])"
                      "\n");
  }
  EXPECT_EQ(Get("/api/stats/packages/wp-theme/developer").body,
            R"([{"installs":50,"month":"2026-03"}])"
            "\n");
  EXPECT_EQ(Get("/api/stats/packages/plugin/quiet").body, "[]\n");
}

TEST_F(StatsApiTest, AtMostThirtySixMonths) {
  for (int i = 0; i < 40; ++i) {
    char month[8];
    std::snprintf(month, sizeof month, "%04d-%02d", 2020 + i / 12, 1 + i % 12);
    SQLite::Statement q(
        db_->sql(), "INSERT INTO monthly_installs (package_id, month, installs) VALUES (4, ?, 1)");
    q.bind(1, month);
    q.exec();
  }
  const auto doc = nlohmann::json::parse(Get("/api/stats/packages/plugin/quiet").body);
  ASSERT_EQ(doc.size(), 36u);
  EXPECT_EQ(doc[0]["month"], "2020-05");
  EXPECT_EQ(doc[35]["month"], "2023-04");
}

TEST_F(StatsApiTest, PackageTotals) {
  auto r = Get("/api/stats/packages/wp-plugin/akismet/total");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=300");
  EXPECT_EQ(nlohmann::json::parse(r.body),
            nlohmann::json::parse(R"({"installs_30d":45678,"installs_30d_formatted":"46k",
                "total_installs":1234567,"total_installs_formatted":"1.2M"})"));
}

TEST_F(StatsApiTest, BadgeIsEscapedCachedSvg) {
  auto r = Get("/api/stats/packages/wp-plugin/akismet/badge.svg");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "image/svg+xml; charset=utf-8");
  EXPECT_THAT(r.Header("cache-control"), HasSubstr("public, max-age="));
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_THAT(r.body, HasSubstr(">installs</text>"));
  EXPECT_THAT(r.body, HasSubstr(">1.2M</text>"));
  auto month =
      Get("/api/stats/packages/plugin/akismet/badge.svg?period=30d&label=%3Cb%3Eper%20month");
  EXPECT_EQ(month.status, 200);
  EXPECT_THAT(month.body, HasSubstr(">&lt;b&gt;per month</text>"));
  EXPECT_THAT(month.body, HasSubstr(">46k</text>"));
  EXPECT_EQ(Get("/api/stats/packages/plugin/akismet/badge.svg?period=week").status, 400);
  EXPECT_EQ(
      Get("/api/stats/packages/plugin/akismet/badge.svg?label=" + std::string(65, 'x')).status,
      400);
  EXPECT_EQ(Get("/api/stats/packages/plugin/akismet/badge.svg?label=%FF").status, 400);
}

TEST_F(StatsApiTest, UnknownTypesAndPackagesAre404) {
  for (const std::string suffix : {"", "/total", "/badge.svg"}) {
    SCOPED_TRACE(suffix);
    auto widget = Get("/api/stats/packages/widget/akismet" + suffix);
    EXPECT_EQ(widget.status, 404);
    EXPECT_EQ(widget.body, "unknown package type\n");
    for (const std::string path : {"plugin/nope", "plugin/closed-one", "theme/akismet"}) {
      auto r = Get("/api/stats/packages/" + path + suffix);
      EXPECT_EQ(r.status, 404) << path;
      EXPECT_EQ(r.body, "package not found\n") << path;
      EXPECT_EQ(r.Header("cache-control"), "") << path;
    }
  }
}

TEST_F(StatsApiTest, HostilePathSegmentsAreClear4xxNever5xx) {
  const std::vector<std::string> names = {
      "%2e%2e",
      "..",
      ".hidden",
      "akismet%00",
      "ak%00ismet",
      "%00",
      std::string(2048, 'a'),
      "%FF%FE",
      "%C3%A9t%C3%A9",
      "a%20b",
      "a%2Fb",
      "%25",
      "a%0Ab",
      "akismet%2F..%2F..",
  };
  for (const std::string suffix : {"", "/total", "/badge.svg"}) {
    for (const std::string& name : names) {
      for (const std::string type : {"plugin", "%2e%2e", "wp-%00plugin", "%FF"}) {
        const std::string path = "/api/stats/packages/" + type + "/" + name + suffix;
        SCOPED_TRACE(path.substr(0, 120));
        auto r = Get(path);
        EXPECT_GE(r.status, 400);
        EXPECT_LT(r.status, 500);
        EXPECT_THAT(r.body, Not(HasSubstr("akismet")));
      }
    }
  }
}

TEST_F(StatsApiTest, OnlyGetAndHead) {
  EXPECT_EQ(Get("/api/stats", {}).status, 200);
  auto head = client_->Send({.method = "HEAD",
                             .url = "http://127.0.0.1:" + std::to_string(server_->port()) +
                                    "/api/stats/packages/plugin/akismet/total"});
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->body, "");
  auto post =
      client_->Send({.method = "POST",
                     .url = "http://127.0.0.1:" + std::to_string(server_->port()) + "/api/stats",
                     .body = "x"});
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
}

class RateLimitedApiTest : public StatsApiTest {
 protected:
  ApiLimits Limits() override { return {}; }
};

TEST_F(RateLimitedApiTest, TenRequestsThen429WithRetryAfterPerClient) {
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Get(i % 2 ? "/api/stats" : "/api/stats/packages/plugin/nope").status,
              i % 2 ? 200 : 404)
        << i;
  }
  auto refused = Get("/api/stats/packages/plugin/akismet/badge.svg");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.body, "Too Many Requests\n");
  EXPECT_EQ(refused.Header("retry-after"), "6");
  // Unknown /api/ paths count too; other paths are never limited.
  EXPECT_EQ(Get("/api/whatever").status, 429);
  EXPECT_EQ(Get("/elsewhere").status, 200);
  // Another client behind the trusted proxy has its own bucket.
  EXPECT_EQ(Get("/api/stats", {{"X-Real-IP", "203.0.113.9"}}).status, 200);
  // A token comes back after 6 s.
  clock_.Advance(std::chrono::seconds(6));
  EXPECT_EQ(Get("/api/stats").status, 200);
  EXPECT_EQ(Get("/api/stats").status, 429);
}

}  // namespace
}  // namespace wpp::api
