// The closure routes over HTTP (docs/behaviour.md §11.6).

#include "api/closures_api.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include <nlohmann/json.hpp>

#include "io/http_client.h"
#include "testutil/test_db.h"

namespace wpp::api {
namespace {

using ::testing::HasSubstr;

class ClosuresApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string db_path = tmp_.file("wpp.db");
    auto db = db::Database::Open(db_path);
    ASSERT_TRUE(db && (*db)->Migrate());
    ASSERT_TRUE(
        (*db)
            ->Exec("INSERT INTO packages (type, name, is_active, permanently_closed, closed_date, "
                   "closed_reason, closed_reason_text, closed_permanent, closed_seen_at, "
                   "created_at, updated_at) VALUES "
                   "('plugin', 'zeta-permanent', 0, 1, '2026-04-09', 'author-request', "
                   "'Author Request', 1, '2026-04-10T00:00:00Z', 'x', 'x'),"
                   "('plugin', 'mango-temporary', 0, 0, '2026-04-01', NULL, NULL, 0, "
                   "'2026-04-02T00:00:00Z', 'x', 'x'),"
                   "('plugin', 'alpha-permanent', 0, 1, NULL, NULL, NULL, NULL, NULL, 'x', 'x'),"
                   "('plugin', 'akismet', 1, 0, NULL, NULL, NULL, NULL, NULL, 'x', 'x'),"
                   "('theme', 'old-theme', 0, 0, NULL, NULL, NULL, NULL, NULL, 'x', 'x'),"
                   "('theme', 'astra', 1, 0, NULL, NULL, NULL, NULL, NULL, 'x', 'x')")
            .ok());
    db_ = std::move(db).value();
    pool_ = std::move(db::ConnectionPool::Open(db_path, 2)).value();
    RegisterClosureRoutes(router_, *pool_, {.app_url = "https://example.test/"});
    server_ = std::move(http::Server::Start({}, [this](const http::Request& r) {
                          http::Request copy = r;
                          return router_.Dispatch(copy);
                        }).value());
  }

  io::HttpResponse Get(const std::string& path) {
    auto r = client_->Send(
        {.url = "http://127.0.0.1:" + std::to_string(server_->port()) + path, .headers = {}});
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : io::HttpResponse{};
  }

  void AddEvent(const std::string& vendor, const std::string& slug, const std::string& at,
                const std::string& slugs, int count) {
    ASSERT_TRUE(db_->Exec("INSERT INTO closure_events (vendor_name, vendor_slug, detected_at, "
                          "plugin_slugs, plugin_count) VALUES ('" +
                          vendor + "', '" + slug + "', '" + at + "', '" + slugs + "', " +
                          std::to_string(count) + ")")
                    .ok());
  }

  testutil::TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<db::ConnectionPool> pool_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<io::HttpClient> client_ = io::NewCurlHttpClient({});
};

TEST_F(ClosuresApiTest, ClosedSlugsSortedWithCacheHeader) {
  auto r = Get("/api/packages/wp-plugin/closed");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=3600");
  EXPECT_EQ(r.body, "[\"alpha-permanent\",\"mango-temporary\",\"zeta-permanent\"]\n");
  EXPECT_EQ(Get("/api/packages/wp-plugin/closed/permanent").body,
            "[\"alpha-permanent\",\"zeta-permanent\"]\n");
  EXPECT_EQ(Get("/api/packages/wp-theme/closed").body, "[\"old-theme\"]\n");
  EXPECT_EQ(Get("/api/packages/plugin/closed").status, 200);
  EXPECT_EQ(Get("/api/packages/theme/closed/permanent").body, "[]\n");
  auto widget = Get("/api/packages/widget/closed");
  EXPECT_EQ(widget.status, 404);
  EXPECT_EQ(widget.body, "unknown package type\n");
}

TEST_F(ClosuresApiTest, ClosureDetailsOfOnePackage) {
  auto r = Get("/api/packages/wp-plugin/zeta-permanent/closure");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=300");
  const auto json = nlohmann::json::parse(r.body);
  EXPECT_EQ(json["closed"], true);
  EXPECT_EQ(json["permanently_closed"], true);
  EXPECT_EQ(json["closed_date"], "2026-04-09");
  EXPECT_EQ(json["reason"], "author-request");
  EXPECT_EQ(json["reason_text"], "Author Request");
  EXPECT_EQ(json["closure_permanent"], true);
  EXPECT_EQ(json["seen_at"], "2026-04-10T00:00:00Z");

  const auto temp = nlohmann::json::parse(Get("/api/packages/plugin/mango-temporary/closure").body);
  EXPECT_EQ(temp["closed"], true);
  EXPECT_EQ(temp["permanently_closed"], false);
  EXPECT_TRUE(temp["reason"].is_null());
  EXPECT_EQ(temp["closure_permanent"], false);

  const auto active = nlohmann::json::parse(Get("/api/packages/plugin/akismet/closure").body);
  EXPECT_EQ(active["closed"], false);
  EXPECT_TRUE(active["closed_date"].is_null());

  EXPECT_EQ(Get("/api/packages/plugin/unknown/closure").status, 404);
  EXPECT_EQ(Get("/api/packages/widget/akismet/closure").status, 404);
  // A plugin named like the literal routes still has its own route.
  EXPECT_EQ(Get("/api/packages/plugin/closed/closure").status, 404);
}

TEST_F(ClosuresApiTest, EventsPagedAndSorted) {
  // Migration 002 seeds six events.
  auto r = Get("/api/closures");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=3600");
  auto json = nlohmann::json::parse(r.body);
  EXPECT_EQ(json["documentation_url"], "https://example.test/docs#api-closures");
  EXPECT_EQ(json["total"], 6);
  EXPECT_EQ(json["total_pages"], 1);
  EXPECT_EQ(json["page"], 1);
  EXPECT_EQ(json["per_page"], 50);
  EXPECT_EQ(json["sort"], "recent");
  ASSERT_EQ(json["events"].size(), 6u);
  EXPECT_EQ(json["events"][0]["vendor_slug"], "liton-arefin");  // 2026-05-08, newest.
  EXPECT_EQ(json["events"][0]["detected_at_formatted"], "May 8, 2026");
  EXPECT_EQ(json["events"][0]["plugin_slugs"].size(), 3u);

  json = nlohmann::json::parse(Get("/api/closures?sort=closures").body);
  EXPECT_EQ(json["sort"], "closures");
  for (size_t i = 1; i < json["events"].size(); ++i) {
    EXPECT_GE(json["events"][i - 1]["plugin_count"], json["events"][i]["plugin_count"]);
  }
  json = nlohmann::json::parse(Get("/api/closures?page=2&sort=whatever").body);
  EXPECT_EQ(json["sort"], "recent");
  EXPECT_EQ(json["page"], 2);
  EXPECT_EQ(json["events"].size(), 0u);
  EXPECT_EQ(json["total_pages"], 1);
  for (const char* bad : {"0", "-3", "abc", "99999999999999999999999"}) {
    json = nlohmann::json::parse(Get(std::string("/api/closures?page=") + bad).body);
    EXPECT_GE(json["page"].get<int64_t>(), 1) << bad;
  }
  for (int i = 0; i < 50; ++i) {
    AddEvent("V", "v" + std::to_string(i), "2026-06-01T00:00:00Z", "[\"a\",\"b\"]", 2);
  }
  json = nlohmann::json::parse(Get("/api/closures?page=2").body);
  EXPECT_EQ(json["total"], 56);
  EXPECT_EQ(json["total_pages"], 2);
  EXPECT_EQ(json["events"].size(), 6u);
}

TEST_F(ClosuresApiTest, VendorEventsAndMisses) {
  AddEvent("WPFactory", "wpfactory", "2026-06-01T10:00:00Z", "[\"x\",\"y\"]", 2);
  auto r = Get("/api/closures/wpfactory");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=3600");
  auto json = nlohmann::json::parse(r.body);
  EXPECT_EQ(json["documentation_url"], "https://example.test/docs#api-vendor-closures");
  ASSERT_EQ(json["events"].size(), 2u);
  EXPECT_EQ(json["events"][0]["detected_at"], "2026-06-01T10:00:00Z");  // Newest first.
  EXPECT_EQ(json["events"][0]["detected_at_formatted"], "June 1, 2026");

  auto miss = Get("/api/closures/nobody");
  EXPECT_EQ(miss.status, 404);
  EXPECT_EQ(miss.Header("cache-control"), "");
  json = nlohmann::json::parse(miss.body);
  EXPECT_EQ(json["error"], "vendor not found");
  EXPECT_FALSE(json.contains("events"));
}

TEST_F(ClosuresApiTest, HostileSegmentsGetAClear4xx) {
  const std::string long_slug(2048, 'a');
  for (const std::string& path : std::vector<std::string>{
           "/api/closures/%2E%2E",
           "/api/closures/a%00b",
           "/api/closures/" + long_slug,
           "/api/closures/%FF%FE",
           "/api/closures/caf%C3%A9",
           "/api/packages/plugin/%2E%2E/closure",
           "/api/packages/plugin/a%00b/closure",
           "/api/packages/plugin/" + long_slug + "/closure",
           "/api/packages/plugin/%FF/closure",
           "/api/packages/%00/closed",
           "/api/packages/" + long_slug + "/closed",
           "/api/packages/%FF%FE/closed/permanent",
       }) {
    auto r = Get(path);
    EXPECT_GE(r.status, 400) << path.substr(0, 80);
    EXPECT_LT(r.status, 500) << path.substr(0, 80);
  }
  // A literal ".." segment, past any client's normalisation.
  for (const std::string& path :
       {std::string("/api/closures/.."), std::string("/api/packages/plugin/../closure")}) {
    http::Request request{.method = "GET", .path = path};
    const http::Response r = router_.Dispatch(request);
    EXPECT_GE(r.status, 400) << path;
    EXPECT_LT(r.status, 500) << path;
  }
}

}  // namespace
}  // namespace wpp::api
