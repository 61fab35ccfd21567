#include "pipeline/runner.h"

#include <mutex>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "http/server.h"
#include "pipeline/lock.h"
#include "pipeline/notifier.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::pipeline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = http::Server::Start({}, [this](const http::Request& r) {
      std::lock_guard lock(mu_);
      received_.push_back(r.body);
      return http::Response::Text("", 204);
    });
    ASSERT_TRUE(server);
    webhook_ = std::move(server).value();
    options_.lock_path = tmp_.file("pipeline.lock");
    options_.discord_webhook_url = "http://127.0.0.1:" + std::to_string(webhook_->port()) + "/hook";
    steps_.discover = [this] { return Record("discover"); };
    steps_.update = [this] { return Record("update"); };
    steps_.build = [this](const std::string& id, bool* unchanged) {
      *unchanged = build_unchanged_;
      return Record("build " + id);
    };
    steps_.deploy = [this](const std::string& id, std::optional<int64_t>* r2) {
      *r2 = 3;
      return Record("deploy " + id);
    };
    steps_.cleanup = [this] { return Record("cleanup"); };
  }

  base::Status Record(const std::string& what) {
    calls_.push_back(what);
    clock_.Advance(std::chrono::seconds(2));
    return base::Status::Ok();
  }
  std::string Column(const std::string& sql) { return db_->sql().execAndGet(sql).getString(); }
  std::vector<std::string> Received() {
    std::lock_guard lock(mu_);
    return received_;
  }

  testutil::TempDir tmp_;
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  testutil::FakeClock clock_;
  std::unique_ptr<io::HttpClient> http_ = io::NewCurlHttpClient({});
  std::unique_ptr<http::Server> webhook_;
  std::mutex mu_;
  std::vector<std::string> received_;
  std::vector<std::string> calls_;
  bool build_unchanged_ = false;
  Steps steps_;
  RunOptions options_;
};

// docs/behaviour.md §8.9: an unchanged build publishes nothing.
TEST_F(RunnerTest, UnchangedBuildSkipsDeployAndSaysSo) {
  build_unchanged_ = true;
  auto result = RunPipeline(*db_, clock_, *http_, steps_, options_);

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_TRUE(result->unchanged);
  EXPECT_THAT(calls_, ElementsAre("discover", "update", "build 20260313-140000"));
  EXPECT_EQ(Column("SELECT status FROM builds"), "completed");
}

TEST_F(RunnerTest, RunsEveryStepInOrderAndRecordsDurations) {
  auto result = RunPipeline(*db_, clock_, *http_, steps_, options_);

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->build_id, "20260313-140000");
  EXPECT_THAT(calls_, ElementsAre("discover", "update", "build 20260313-140000",
                                  "deploy 20260313-140000", "cleanup"));
  EXPECT_EQ(Column("SELECT status FROM builds"), "completed");
  EXPECT_EQ(Column("SELECT discover_seconds || ',' || build_seconds || ',' || r2_upload_seconds || "
                   "',' || duration_seconds FROM builds"),
            "2,2,3,10");
  EXPECT_TRUE(Received().empty());
}

TEST_F(RunnerTest, AFailingStepStopsTheChainMarksTheRowAndNotifies) {
  steps_.update = [] { return base::Status(base::Error(base::ErrorCode::kUnavailable, "boom")); };

  auto result = RunPipeline(*db_, clock_, *http_, steps_, options_);

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "update: boom");
  EXPECT_THAT(calls_, ElementsAre("discover"));
  EXPECT_EQ(Column("SELECT status || '|' || error_message FROM builds"), "failed|update: boom");
  EXPECT_TRUE(db_->sql().execAndGet("SELECT build_seconds FROM builds").isNull());
  auto received = Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_THAT(received[0], HasSubstr(R"("title":"Pipeline failed: 20260313-140000")"));
  EXPECT_THAT(received[0], HasSubstr(R"("color":16711680)"));
  EXPECT_THAT(received[0], HasSubstr("update: boom"));
}

TEST_F(RunnerTest, SkipFlagsSkipDiscoverAndDeploy) {
  options_.skip_discover = true;
  options_.skip_deploy = true;

  ASSERT_TRUE(RunPipeline(*db_, clock_, *http_, steps_, options_));

  EXPECT_THAT(calls_, ElementsAre("update", "build 20260313-140000"));
  EXPECT_TRUE(db_->sql().execAndGet("SELECT deploy_seconds FROM builds").isNull());
}

TEST_F(RunnerTest, CleanupFailureIsOnlyAWarning) {
  steps_.cleanup = [] { return base::Status(base::Error(base::ErrorCode::kInternal, "disk")); };

  EXPECT_TRUE(RunPipeline(*db_, clock_, *http_, steps_, options_));
  EXPECT_EQ(Column("SELECT status FROM builds"), "completed");
}

TEST_F(RunnerTest, ASecondPipelineCannotStartWhileTheLockIsHeld) {
  auto held = PipelineLock::Acquire(options_.lock_path);
  ASSERT_TRUE(held);

  auto result = RunPipeline(*db_, clock_, *http_, steps_, options_);

  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message(), HasSubstr("pipeline already running"));
  EXPECT_TRUE(calls_.empty());
}

TEST_F(RunnerTest, RunningRowsOfDeadPipelinesAreCancelled) {
  ASSERT_TRUE(db_->Exec("INSERT INTO builds (id, started_at, status, pid) VALUES "
                        "('20200101-000000', 'x', 'running', 999999999)")
                  .ok());

  ASSERT_TRUE(RunPipeline(*db_, clock_, *http_, steps_, options_));

  EXPECT_EQ(Column("SELECT status FROM builds WHERE id = '20200101-000000'"), "cancelled");
}

TEST_F(RunnerTest, ARunInTheSameSecondTakesTheNextId) {
  ASSERT_TRUE(RunPipeline(*db_, clock_, *http_, steps_, options_));
  clock_.Set(base::FromUnixSeconds(1773410400));

  auto second = RunPipeline(*db_, clock_, *http_, steps_, options_);

  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(second->build_id, "20260313-140001");
}

TEST_F(RunnerTest, ClaimingAMissingBuildIdFails) {
  options_.build_id = "20990101-000000";

  auto result = RunPipeline(*db_, clock_, *http_, steps_, options_);

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "build 20990101-000000 not found or not in running state");
}

TEST(DiscordPayloadTest, EmptyTailAndUnknownId) {
  EXPECT_EQ(DiscordPayload("", {}),
            "{\"embeds\":[{\"title\":\"Pipeline failed: unknown\",\"description\":\"```\\n(no "
            "log output)\\n```\",\"color\":16711680}]}");
}

}  // namespace
}  // namespace wpp::pipeline
