#include "composerapi/composer_api.h"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include <nlohmann/json.hpp>

#include "composerapi/catalog_store.h"
#include "io/http_client.h"
#include "repository/test_build_writer.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::composerapi {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

class ComposerApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    p2_body_ = R"({"minified":"composer/2.0","packages":{"wp-plugin/akismet":[)" +
               std::string(2000, ' ') + "]}}";
    repository::WriteTestBuild(tmp_.path() / "repo", "20260313-140000",
                               {{"p2/wp-plugin/akismet.json", p2_body_}},
                               R"({"metadata-url":"/p2/%package%.json"})");
    Write(tmp_.path() / "secret.json", "top secret");
    fs::create_directory_symlink("builds/20260313-140000", tmp_.path() / "repo/current");

    const std::string db_path = tmp_.file("wpp.db");
    auto db = db::Database::Open(db_path);
    ASSERT_TRUE(db && (*db)->Migrate());
    ASSERT_TRUE((*db)
                    ->Exec("INSERT INTO packages (type, name, display_name, description, "
                           "versions_json, active_installs, created_at, updated_at) VALUES "
                           "('plugin', 'akismet', 'Akismet Anti-spam', 'Spam protection', "
                           "'{\"5.3\":\"u\"}', 100, 'x', 'x'),"
                           "('theme', 'astra', 'Astra', 'Fast theme', '{\"4.0.0\":\"u\"}', 5, "
                           "'x', 'x')")
                    .ok());
    db_ = std::move(db).value();
    // Two install writers (the fixture's and a test's own ComposerApi) hold
    // one connection each; requests need a third.
    pool_ = std::move(db::ConnectionPool::Open(db_path, 3)).value();
    proxies_ = std::move(http::TrustedProxies::Parse({"127.0.0.0/8"})).value();
    api_ = std::make_unique<ComposerApi>(
        ComposerApiOptions{.repository_dir = (tmp_.path() / "repo").string(),
                           .app_url = "http://example.test"},
        *pool_, clock_, proxies_);
    api_->Register(router_);
    server_ = std::move(http::Server::Start({}, [this](const Request& r) {
                          Request copy = r;
                          return router_.Dispatch(copy);
                        }).value());
  }

  io::HttpResponse Get(const std::string& path, io::Headers headers = {}) {
    auto r = client_->Send({.url = Url(path), .headers = std::move(headers)});
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : io::HttpResponse{};
  }
  std::string Url(const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }

  testutil::TempDir tmp_;
  testutil::FakeClock clock_;
  std::string p2_body_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<db::ConnectionPool> pool_;
  http::TrustedProxies proxies_;
  std::unique_ptr<ComposerApi> api_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<io::HttpClient> client_ = io::NewCurlHttpClient({});
};

TEST_F(ComposerApiTest, ServesP2FilesFromTheCurrentBuildWithCachingHeaders) {
  auto r = Get("/p2/wp-plugin/akismet.json");

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, p2_body_);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=300");
  EXPECT_FALSE(r.Header("etag").empty());
  EXPECT_FALSE(r.Header("last-modified").empty());
}

TEST_F(ComposerApiTest, MatchingEtagGives304) {
  const std::string etag = Get("/p2/wp-plugin/akismet.json").Header("etag");

  auto r = Get("/p2/wp-plugin/akismet.json", {{"If-None-Match", etag}});

  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Get("/p2/wp-plugin/akismet.json", {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(ComposerApiTest, GzipWhenAsked) {
  // The client decodes transparently; the header proves the server compressed.
  auto r = Get("/p2/wp-plugin/akismet.json", {{"Accept-Encoding", "gzip"}});

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-encoding"), "gzip");
  EXPECT_EQ(r.body, p2_body_);
}

TEST_F(ComposerApiTest, AnythingElseUnderP2Is404AndCannotEscape) {
  for (const char* path :
       {"/p2/wp-plugin/missing.json", "/p2/wp-other/akismet.json", "/p2/wp-plugin/akismet.txt",
        "/p2/wp-plugin/..%2F..%2F..%2Fsecret.json", "/p2/wp-plugin/%2e%2e/akismet.json",
        "/p2/wp-plugin/.json", "/p2/akismet.json", "/p2/wp-plugin/a/b.json", "/p2/"}) {
    auto r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_THAT(r.body, ::testing::Not(HasSubstr("top secret"))) << path;
  }
}

TEST_F(ComposerApiTest, AfterAPromotionTheNewBuildIsServedAndUnchangedFilesKeepTheirEtag) {
  const std::string etag = Get("/p2/wp-plugin/akismet.json").Header("etag");
  ASSERT_EQ(Get("/p2/wp-plugin/new.json").status, 404);
  const fs::path repo = tmp_.path() / "repo";
  repository::WriteTestBuild(
      repo, "20260313-150000",
      {{"p2/wp-plugin/akismet.json", p2_body_}, {"p2/wp-plugin/new.json", R"({"new":1})"}});
  fs::create_directory_symlink("builds/20260313-150000", repo / "current.tmp");
  fs::rename(repo / "current.tmp", repo / "current");

  auto added = Get("/p2/wp-plugin/new.json");

  EXPECT_EQ(added.status, 200);
  EXPECT_EQ(added.body, R"({"new":1})");
  EXPECT_EQ(Get("/p2/wp-plugin/akismet.json").Header("etag"), etag);
  EXPECT_EQ(Get("/p2/wp-plugin/akismet.json", {{"If-None-Match", etag}}).status, 304);
}

TEST_F(ComposerApiTest, AnUnreadableNewIndexKeepsThePreviousBuildServedAndIsRetried) {
  ASSERT_EQ(Get("/p2/wp-plugin/akismet.json").status, 200);
  const fs::path repo = tmp_.path() / "repo";
  repository::WriteTestBuild(repo, "20260313-150000", {{"p2/wp-plugin/new.json", "{}"}});
  const std::string index = repo / "builds/20260313-150000/index.tsv";
  fs::rename(index, index + ".aside");
  fs::create_directory_symlink("builds/20260313-150000", repo / "current.tmp");
  fs::rename(repo / "current.tmp", repo / "current");

  EXPECT_EQ(Get("/p2/wp-plugin/akismet.json").status, 200);  // The previous build.
  EXPECT_EQ(Get("/p2/wp-plugin/new.json").status, 404);
  fs::rename(index + ".aside", index);
  EXPECT_EQ(Get("/p2/wp-plugin/new.json").status, 404);  // Not retried at once.
  clock_.Advance(std::chrono::seconds(6));
  EXPECT_EQ(Get("/p2/wp-plugin/new.json").status, 200);
  EXPECT_EQ(Get("/p2/wp-plugin/akismet.json").status, 404);  // Not in the new build.
}

TEST_F(ComposerApiTest, PackagesJsonComesFromTheBuild) {
  auto r = Get("/packages.json");

  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("metadata-url"));
}

TEST_F(ComposerApiTest, ChangesFeedFollowsTheProtocol) {
  const int64_t now = base::UnixMillis(clock_.Now());
  ASSERT_TRUE(db_->Exec("INSERT INTO metadata_changes (package_name, action, timestamp, build_id) "
                        "VALUES ('wp-plugin/b', 'update', " +
                        std::to_string(now - 5000) + ", 'x'), ('wp-plugin/a', 'update', " +
                        std::to_string(now - 4000) + ", 'x'), ('wp-plugin/b', 'delete', " +
                        std::to_string(now - 3000) + ", 'x')")
                  .ok());

  auto invalid = Get("/metadata/changes.json?since=abc");
  auto old = Get("/metadata/changes.json?since=1");
  auto recent = Get("/metadata/changes.json?since=" + std::to_string(now - 10000));
  auto none = Get("/metadata/changes.json?since=" + std::to_string(now - 3000));

  EXPECT_THAT(invalid.body, HasSubstr("\"error\":\"Missing or invalid"));
  EXPECT_THAT(old.body, HasSubstr(R"("type":"resync")"));
  EXPECT_EQ(
      recent.body,
      "{\"actions\":[{\"package\":\"wp-plugin/a\",\"time\":" + std::to_string((now - 4000) / 1000) +
          ",\"type\":\"update\"},{\"package\":\"wp-plugin/b\",\"time\":" +
          std::to_string((now - 3000) / 1000) +
          ",\"type\":\"delete\"}],\"timestamp\":" + std::to_string(now - 3000) + "}");
  EXPECT_EQ(none.body, "{\"timestamp\":" + std::to_string(now - 3000) + "}");
  EXPECT_EQ(recent.Header("cache-control"), "public, max-age=60");
}

TEST_F(ComposerApiTest, SearchAndListUseTheCatalog) {
  auto search = Get("/search.json?q=spam&type=");
  auto themes = Get("/search.json?q=fast&type=wordpress-theme");
  auto list = Get("/packages/list.json");
  auto filtered = Get("/packages/list.json?filter=wp-theme/*");

  EXPECT_THAT(search.body, HasSubstr(R"("name":"wp-plugin/akismet")"));
  EXPECT_THAT(themes.body, HasSubstr(R"("name":"wp-theme/astra")"));
  EXPECT_EQ(list.body, R"({"packageNames":["wp-plugin/akismet","wp-theme/astra"]})");
  EXPECT_EQ(filtered.body, R"({"packageNames":["wp-theme/astra"]})");
}

// docs/behaviour.md §14.3: a shell never fetched is not listed.
TEST_F(ComposerApiTest, ListLeavesOutPackagesNeverFetched) {
  ASSERT_TRUE(db_->Exec("INSERT INTO packages (type, name, versions_json, created_at, updated_at) "
                        "VALUES ('plugin', 'never-fetched', '{}', 'x', 'x'), "
                        "('plugin', 'fetched-empty', '{}', 'x', 'x')")
                  .ok());
  ASSERT_TRUE(
      db_->Exec("UPDATE packages SET last_sync_run_id = 3 WHERE name = 'fetched-empty'").ok());

  EXPECT_EQ(Get("/packages/list.json").body,
            R"({"packageNames":["wp-plugin/akismet","wp-plugin/fetched-empty","wp-theme/astra"]})");
}

TEST_F(ComposerApiTest, HealthReportsTotalsAndBuild) {
  auto r = Get("/health");

  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr(R"("status":"ok")"));
  EXPECT_THAT(r.body, HasSubstr(R"("plugins":1)"));
  EXPECT_THAT(r.body, HasSubstr(R"("id":"20260313-140000")"));
}

TEST_F(ComposerApiTest, HealthIs503WhenTheCurrentBuildIsTooOld) {
  ComposerApi strict(ComposerApiOptions{.repository_dir = (tmp_.path() / "repo").string(),
                                        .max_build_age_seconds = 3600},
                     *pool_, clock_, proxies_);
  http::Router router;
  strict.Register(router);
  auto health = [&] {
    Request r{.method = "GET", .path = "/health"};
    return router.Dispatch(r);
  };
  clock_.Advance(std::chrono::minutes(59));
  EXPECT_EQ(health().status, 200);
  clock_.Advance(std::chrono::minutes(2));
  const Response stale = health();
  EXPECT_EQ(stale.status, 503);
  EXPECT_THAT(stale.body, HasSubstr(R"("status":"stale")"));
  EXPECT_THAT(stale.body, HasSubstr(R"("age_seconds":3660)"));
}

TEST_F(ComposerApiTest, DownloadsAlwaysAnswerOkAndRecordValidInstalls) {
  const std::string good = R"({"downloads":[{"name":"wp-plugin/akismet","version":"5.3.0.0"}]})";
  for (const std::string& body : {std::string("not json"), std::string(), good, good}) {
    auto r = client_->Send({.method = "POST", .url = Url("/downloads"), .body = body});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, R"({"status":"ok"})");
  }
  api_->Flush();

  EXPECT_EQ(db_->sql().execAndGet("SELECT COUNT(*) FROM install_events").getInt(), 1);
}

TEST_F(ComposerApiTest, AFullQueueAnswers503AndEveryAcceptedBatchIsWritten) {
  // Another connection holds the write lock, so the writer cannot drain.
  auto blocker = db::Database::Open(tmp_.file("wpp.db"));
  ASSERT_TRUE(blocker && (*blocker)->Exec("BEGIN IMMEDIATE").ok());
  ComposerApi small({.repository_dir = (tmp_.path() / "repo").string(), .max_queued_batches = 1},
                    *pool_, clock_, proxies_);
  http::Router router;
  small.Register(router);
  auto server = http::Server::Start({}, [&router](const Request& r) {
    Request copy = r;
    return router.Dispatch(copy);
  });
  ASSERT_TRUE(server);
  int ok = 0;
  int busy = 0;
  for (int i = 0; i < 6; ++i) {
    auto r = client_->Send(
        {.method = "POST",
         .url = "http://127.0.0.1:" + std::to_string((*server)->port()) + "/downloads",
         .headers = {{"User-Agent", "Composer/" + std::to_string(i)}},
         .body = R"({"downloads":[{"name":"wp-plugin/akismet","version":"5.3.0.0"}]})"});
    ASSERT_TRUE(r);
    if (r->status == 503) {
      ++busy;
      EXPECT_EQ(r->Header("retry-after"), "1");
    } else {
      ++ok;
      EXPECT_EQ(r->status, 200);
    }
  }
  ASSERT_TRUE((*blocker)->Exec("COMMIT").ok());
  small.Flush();

  EXPECT_GE(busy, 4);  // One batch in the writer's hands, one queued, the rest refused.
  EXPECT_EQ(small.dropped_batches(), static_cast<uint64_t>(busy));
  EXPECT_EQ(small.accepted_batches(), static_cast<uint64_t>(ok));
  EXPECT_EQ(db_->sql().execAndGet("SELECT COUNT(*) FROM install_events").getInt(), ok);
}

TEST(FtsQueryTest, HostileQueriesAreBounded) {
  std::string many;
  for (int i = 0; i < 3500; ++i) {
    many += "a ";
  }
  const std::string query = FtsQuery(many);
  EXPECT_EQ(std::count(query.begin(), query.end(), '*'), kMaxSearchTerms);
  EXPECT_EQ(FtsQuery("woo commerce"), R"("woo"* AND "commerce"*)");
  EXPECT_EQ(FtsQuery(std::string(10000, 'x')), "\"" + std::string(kMaxTermBytes, 'x') + "\"*");
  // FTS syntax never reaches the engine: quotes, stars, NEAR and minus are
  // separators or plain words inside quotes.
  EXPECT_EQ(FtsQuery(R"("a" NEAR(b) -c *)"), R"("a"* AND "NEAR"* AND "b"* AND "c"*)");
  EXPECT_EQ(FtsQuery(R"(" ' * -)"), "");
}

TEST_F(ComposerApiTest, HostileSearchesAnswerQuickly) {
  std::string many = "/search.json?q=";
  for (int i = 0; i < 3500; ++i) {
    many += "a+";
  }
  for (const std::string& path :
       {many, std::string("/search.json?q=%22"), std::string("/search.json?q=NEAR%28a%29"),
        std::string("/search.json?q=") + std::string(5000, '*')}) {
    auto r = Get(path);
    EXPECT_EQ(r.status, 200) << path.substr(0, 40);
    EXPECT_TRUE(nlohmann::json::parse(r.body).contains("results"));
  }
  // A request line beyond the connection's memory is a clear 4xx.
  EXPECT_EQ(Get("/search.json?q=" + std::string(10000, 'a')).status, 414);
}

}  // namespace
}  // namespace wpp::composerapi
