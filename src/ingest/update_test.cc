#include "ingest/update.h"

#include <unistd.h>

#include "gmock/gmock.h"

#include "ingest/test_env.h"

namespace wpp::ingest {
namespace {

using wporg::PackageType;

class UpdateTest : public IngestTest {
 protected:
  void SetUp() override {
    // Tag folders are not scripted: an empty tags/ folder for everyone.
    http_.SetFallback([](const io::HttpRequest& r) -> base::Result<io::HttpResponse> {
      if (r.method == "PROPFIND") {
        return io::HttpResponse{.status = 404, .headers = {}, .body = ""};
      }
      return base::Error(base::ErrorCode::kInternal, "unexpected " + r.url);
    });
  }

  void ServeAllFixtures() {
    for (const char* slug : {"akismet", "classic-editor", "contact-form-7"}) {
      Shell("plugin", slug);
      ServeFixture(PackageType::kPlugin, slug);
    }
    for (const char* slug : {"astra", "twentytwentyfive"}) {
      Shell("theme", slug);
      ServeFixture(PackageType::kTheme, slug);
    }
  }
};

TEST_F(UpdateTest, FillsEveryDirtyPackageFromTheFixtures) {
  ServeAllFixtures();

  auto stats = RunUpdate(env(), {});

  ASSERT_TRUE(stats) << stats.error().message();
  EXPECT_EQ(stats->updated, 5);
  EXPECT_EQ(stats->changed, 5);
  EXPECT_EQ(stats->failed, 0);
  EXPECT_EQ(Text("SELECT versions_json FROM packages WHERE name = 'twentytwentyfive'"),
            R"({"1.0":"https://downloads.wordpress.org/theme/twentytwentyfive.1.0.zip",)"
            R"("1.1":"https://downloads.wordpress.org/theme/twentytwentyfive.1.1.zip"})");
  EXPECT_EQ(Text("SELECT current_version || ' ' || display_name || ' ' || author FROM packages "
                 "WHERE name = 'akismet'"),
            "5.3.3 Akismet Anti-spam: Spam Protection Automattic - Anti-spam Team");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE last_synced_at IS NULL"), 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM package_versions"), 4 + 4 + 3 + 3 + 2);
  EXPECT_EQ(Text("SELECT status || ' ' || meta_json FROM sync_runs"),
            R"(completed {"changed":5,"deactivated":0,"failed":0,"stale_expired":0,)"
            R"("stale_retried":0,"tombstoned":0,"updated":5})");
  EXPECT_EQ(Int("SELECT active_plugins * 10 + active_themes FROM package_stats"), 32);
}

TEST_F(UpdateTest, NothingToDoFinishesTheRun) {
  auto stats = RunUpdate(env(), {});

  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->selected, 0);
  EXPECT_EQ(Text("SELECT status || ' ' || meta_json FROM sync_runs"), R"(completed {"updated":0})");
}

TEST_F(UpdateTest, TransientFailuresNeitherDeactivateNorLoseData) {
  ServeAllFixtures();
  ASSERT_TRUE(RunUpdate(env(), {}));
  const std::string before = Text("SELECT versions_json FROM packages WHERE name = 'akismet'");
  const std::string url = InfoUrl(PackageType::kPlugin, "akismet");
  testutil::FakeHttpClient flaky;
  flaky.Respond(url, 503, "");
  flaky.Respond(InfoUrl(PackageType::kPlugin, "classic-editor"), 200, "{\"slug\":");
  Env broken{*db_, clock_, flaky, config_, &stop_};
  // 3 of 3 failing would fail the run (docs/behaviour.md §14.4).
  config_.update.max_failure_percent = 100;

  auto stats = RunUpdate(broken, {.type = "plugin", .name = "", .force = true});

  ASSERT_TRUE(stats) << stats.error().message();
  EXPECT_EQ(stats->failed, 3);  // 503, malformed, and nothing scripted for contact-form-7.
  EXPECT_EQ(stats->malformed_json, 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE is_active = 0"), 0);
  EXPECT_EQ(Text("SELECT versions_json FROM packages WHERE name = 'akismet'"), before);
  EXPECT_EQ(Text("SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1"), "completed_with_errors");
}

// docs/behaviour.md §14.4.
TEST(TooManyFailuresTest, MoreThanTheShareOrAllOfAtLeastTwenty) {
  EXPECT_FALSE(TooManyFailures(0, 0, 50));
  EXPECT_FALSE(TooManyFailures(0, 10, 50));
  EXPECT_FALSE(TooManyFailures(5, 10, 50));  // Exactly half is not more than half.
  EXPECT_TRUE(TooManyFailures(6, 10, 50));
  EXPECT_TRUE(TooManyFailures(1, 1, 50));
  EXPECT_FALSE(TooManyFailures(19, 19, 100));
  EXPECT_TRUE(TooManyFailures(20, 20, 100));
  EXPECT_FALSE(TooManyFailures(99, 100, 100));
  EXPECT_TRUE(TooManyFailures(1, 10, 0));
}

TEST_F(UpdateTest, MostFetchesFailingFailsTheRunAfterStoringIt) {
  ServeAllFixtures();
  for (int i = 0; i < 6; ++i) {
    Shell("plugin", "broken-" + std::to_string(i));  // Nothing scripted: each fails.
  }

  auto stats = RunUpdate(env(), {});

  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().code(), base::ErrorCode::kUnavailable);
  EXPECT_THAT(stats.error().message(), ::testing::StartsWith("6 of 11 fetches failed"));
  EXPECT_EQ(Text("SELECT status || ' ' || json_extract(meta_json, '$.failed') FROM sync_runs"),
            "completed_with_errors 6");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE last_sync_run_id IS NOT NULL"), 5);
}

TEST_F(UpdateTest, HalfTheFetchesFailingIsNotMost) {
  ServeAllFixtures();
  for (int i = 0; i < 5; ++i) {
    Shell("plugin", "broken-" + std::to_string(i));
  }

  auto stats = RunUpdate(env(), {});

  ASSERT_TRUE(stats) << stats.error().message();
  EXPECT_EQ(stats->failed, 5);
}

// docs/behaviour.md §14.7.
TEST_F(UpdateTest, RunsLeftRunningByKilledProcessesAreCancelled) {
  ASSERT_TRUE(
      db_->Exec("INSERT INTO sync_runs (id, started_at, status, pid) VALUES "
                "(1, '2026-01-01T00:00:00Z', 'running', 2147483647), "
                "(2, '2026-01-01T00:00:00Z', 'running', NULL), "
                "(3, '2026-01-01T00:00:00Z', 'running', " +
                std::to_string(getpid()) +
                "), "
                "(4, '2026-01-01T00:00:00Z', 'completed', 2147483647)"));

  ASSERT_TRUE(RunUpdate(env(), {}));

  EXPECT_EQ(
      Text("SELECT group_concat(id || ' ' || status || ' ' || (finished_at IS NOT NULL), ',') "
           "FROM sync_runs"),
      "1 cancelled 1,2 cancelled 1,3 running 0,4 completed 0,5 completed 1");
  EXPECT_EQ(Int("SELECT pid FROM sync_runs WHERE id = 5"), getpid());
}

TEST_F(UpdateTest, ClosedPackagesAreDeactivatedAndRecorded) {
  Shell("plugin", "yalw");
  Shell("plugin", "temp");
  Shell("plugin", "missing");
  Shell("plugin", "proxied");
  http_.Respond(InfoUrl(PackageType::kPlugin, "yalw"), 404,
                ReadTestdata("inline/wporg/api_closed_permanent.json"));
  http_.Respond(InfoUrl(PackageType::kPlugin, "temp"), 404,
                ReadTestdata("inline/wporg/api_closed_temporary.json"));
  http_.Respond(InfoUrl(PackageType::kPlugin, "missing"), 404, R"({"error":"Plugin not found."})");
  // An empty 404 is a proxy's, not the API's: it fails and deactivates nothing.
  http_.Respond(InfoUrl(PackageType::kPlugin, "proxied"), 404, "");

  auto stats = RunUpdate(env(), {});

  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->tombstoned, 1);
  EXPECT_EQ(stats->deactivated, 2);
  EXPECT_EQ(stats->failed, 1);
  EXPECT_EQ(Text("SELECT group_concat(name) FROM packages WHERE is_active = 1"), "proxied");
  EXPECT_EQ(Int("SELECT permanently_closed FROM packages WHERE name = 'yalw'"), 1);
  EXPECT_EQ(Text("SELECT group_concat(package_name || ':' || action, ',') FROM "
                 "(SELECT * FROM status_check_changes WHERE status_check_id IS NULL "
                 "ORDER BY package_name)"),
            "missing:deactivated,temp:deactivated,yalw:tombstoned");
}

TEST_F(UpdateTest, StopSignalEndsTheRunCancelledWithWorkSaved) {
  ServeAllFixtures();
  stop_ = true;

  auto stats = RunUpdate(env(), {.type = "all",
                                 .name = "",
                                 .force = false,
                                 .include_inactive = false,
                                 .limit = 0,
                                 .concurrency = 1});

  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().code(), base::ErrorCode::kUnavailable);
  EXPECT_EQ(Text("SELECT status FROM sync_runs"), "cancelled");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE last_synced_at IS NULL"), 5);
}

TEST_F(UpdateTest, ManyPackagesWithManyWorkers) {
  for (int i = 0; i < 700; ++i) {
    const std::string slug = "p" + std::to_string(i);
    Shell("plugin", slug);
    http_.Respond(InfoUrl(PackageType::kPlugin, slug), 200,
                  R"({"slug":")" + slug + R"(","version":"1.0","versions":{"1.0":"u"}})");
  }

  auto stats = RunUpdate(env(), {.type = "all",
                                 .name = "",
                                 .force = false,
                                 .include_inactive = false,
                                 .limit = 0,
                                 .concurrency = 16});

  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->updated, 700);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE versions_json = '{\"1.0\":\"u\"}'"), 700);
}

}  // namespace
}  // namespace wpp::ingest
