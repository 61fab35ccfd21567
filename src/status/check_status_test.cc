// check-status (docs/behaviour.md §11) against a scripted WordPress.org.

#include "status/check_status.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

#include "testutil/fake_clock.h"
#include "testutil/fake_http_client.h"
#include "testutil/test_db.h"
#include "wporg/client.h"
#include "wporg/info_parser.h"

namespace wpp::status {
namespace {

using packages::PackageStore;
using wporg::PackageType;

std::string ReadTestdata(const std::string& path) {
  std::ifstream in(std::string(WPP_SOURCE_DIR) + "/testdata/" + path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const std::string kFound = "{\"slug\":\"x\",\"name\":\"X\",\"version\":\"1.0\",\"versions\":{}}";
const std::string kNotFound = "{\"error\":\"Plugin not found.\",\"slug\":\"x\"}";

class CheckStatusTest : public ::testing::Test {
 protected:
  CheckStatusTest() {
    config_.wporg.api_url = "http://api.test";
    config_.discovery.retry_delay_ms = 10;
    config_.discovery.concurrency = 3;
  }

  CheckEnv env() { return CheckEnv{*db_, clock_, http_, config_, &stop_}; }
  std::string Url(const std::string& slug, PackageType type = PackageType::kPlugin) {
    return wporg::Client(http_, clock_, wporg::OptionsFromConfig(config_)).InfoUrl(type, slug);
  }
  void Package(const std::string& name, bool active, const std::string& type = "plugin") {
    SQLite::Statement q(db_->sql(),
                        "INSERT INTO packages (type, name, is_active, last_synced_at, created_at, "
                        "updated_at) VALUES (?1, ?2, ?3, '2026-03-01T00:00:00Z', 'x', 'x')");
    q.bind(1, type);
    q.bind(2, name);
    q.bind(3, active ? 1 : 0);
    q.exec();
  }
  std::string Text(const std::string& sql) {
    SQLite::Statement q(db_->sql(), sql);
    return q.executeStep() && !q.getColumn(0).isNull() ? q.getColumn(0).getString() : "NULL";
  }
  int64_t Int(const std::string& sql) { return db_->sql().execAndGet(sql).getInt64(); }
  std::string State(const std::string& name) {
    return Text("SELECT is_active || '/' || permanently_closed FROM packages WHERE name = '" +
                name + "'");
  }

  config::Config config_;
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  testutil::FakeClock clock_;
  testutil::FakeHttpClient http_;
  std::atomic<bool> stop_{false};
};

base::Result<wporg::InfoResult> Answer(int status, const std::string& body) {
  return wporg::ParseInfoResponse(PackageType::kPlugin, status, body);
}

TEST(DecideTest, Table) {
  const std::string perm = ReadTestdata("inline/wporg/api_closed_permanent.json");
  const std::string temp = ReadTestdata("inline/wporg/api_closed_temporary.json");
  EXPECT_EQ(Decide(true, Answer(404, perm)).verdict, Verdict::kTombstone);
  EXPECT_EQ(Decide(false, Answer(404, perm)).verdict, Verdict::kTombstone);
  EXPECT_EQ(Decide(true, Answer(404, temp)).verdict, Verdict::kDeactivate);
  EXPECT_EQ(Decide(false, Answer(404, temp)).verdict, Verdict::kRecordClosure);
  EXPECT_EQ(Decide(true, Answer(404, kNotFound)).verdict, Verdict::kDeactivate);
  EXPECT_EQ(Decide(false, Answer(404, kNotFound)).verdict, Verdict::kNothing);
  EXPECT_EQ(Decide(true, Answer(200, kFound)).verdict, Verdict::kNothing);
  EXPECT_EQ(Decide(false, Answer(200, kFound)).verdict, Verdict::kReactivate);
  // Never a wrong deactivation.
  EXPECT_EQ(Decide(true, Answer(404, "<html>Not Found</html>")).verdict, Verdict::kFailed);
  EXPECT_EQ(Decide(true, Answer(404, "")).verdict, Verdict::kFailed);
  EXPECT_EQ(Decide(true, Answer(200, "<html>oops</html>")).verdict, Verdict::kFailed);
  EXPECT_EQ(Decide(true, Answer(200, kFound.substr(0, 20))).verdict, Verdict::kFailed);
  EXPECT_EQ(Decide(true, Answer(200, kNotFound)).verdict, Verdict::kFailed);
  EXPECT_EQ(Decide(true, Answer(503, kNotFound)).verdict, Verdict::kFailed);
  std::string bad_temp = temp;
  bad_temp.insert(bad_temp.find("closed"), "\xC3\x28\xFF");
  EXPECT_EQ(Decide(true, Answer(404, bad_temp)).verdict, Verdict::kFailed);
  std::string bad_found = kFound;
  bad_found.insert(bad_found.find("X"), "\xFF");
  EXPECT_EQ(Decide(true, Answer(200, bad_found)).verdict, Verdict::kNothing);
  EXPECT_EQ(Decide(false, Answer(200, bad_found)).verdict, Verdict::kFailed);
}

TEST_F(CheckStatusTest, AppliesEveryOutcome) {
  Package("found", true);
  Package("gone", true);
  Package("temp", true);
  Package("perm", true);
  Package("back", false);
  Package("still-gone", false);
  Package("theme-back", false, "theme");
  http_.Respond(Url("found"), 200, kFound);
  http_.Respond(Url("gone"), 404, kNotFound);
  http_.Respond(Url("temp"), 404, ReadTestdata("inline/wporg/api_closed_temporary.json"));
  http_.Respond(Url("perm"), 404, ReadTestdata("inline/wporg/api_closed_permanent.json"));
  http_.Respond(Url("back"), 200, kFound);
  http_.Respond(Url("still-gone"), 404, kNotFound);
  http_.Respond(Url("theme-back", PackageType::kTheme), 200, kFound);

  auto report = RunCheckStatus(env(), {});
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->status, "completed");
  EXPECT_EQ(report->checked, 7);
  EXPECT_EQ(report->deactivated, 2);
  EXPECT_EQ(report->tombstoned, 1);
  EXPECT_EQ(report->reactivated, 2);
  EXPECT_EQ(report->failed, 0);

  EXPECT_EQ(State("found"), "1/0");
  EXPECT_EQ(State("gone"), "0/0");
  EXPECT_EQ(State("temp"), "0/0");
  EXPECT_EQ(State("perm"), "0/1");
  EXPECT_EQ(State("back"), "1/0");
  EXPECT_EQ(State("still-gone"), "0/0");
  EXPECT_EQ(Text("SELECT last_synced_at FROM packages WHERE name = 'back'"), "NULL");
  EXPECT_EQ(Text("SELECT last_synced_at FROM packages WHERE name = 'found'"),
            "2026-03-01T00:00:00Z");

  // Closure details (docs/behaviour.md §11.3).
  EXPECT_EQ(Text("SELECT closed_date || '|' || closed_reason || '|' || closed_reason_text || '|' "
                 "|| closed_permanent FROM packages WHERE name = 'perm'"),
            "2026-04-09|author-request|Author Request|1");
  EXPECT_EQ(Text("SELECT closed_date || '|' || COALESCE(closed_reason, '-') || '|' || "
                 "closed_permanent FROM packages WHERE name = 'temp'"),
            "2026-04-09|-|0");
  EXPECT_EQ(Text("SELECT COALESCE(closed_date, '-') || closed_seen_at IS NOT NULL FROM packages "
                 "WHERE name = 'gone'"),
            "1");

  // The run's row and its change rows.
  EXPECT_EQ(Text("SELECT status || ' ' || checked || ' ' || deactivated || ' ' || reactivated || "
                 "' ' || failed FROM status_checks WHERE id = " +
                 std::to_string(report->run_id)),
            "completed 7 3 2 0");
  EXPECT_EQ(Text("SELECT group_concat(package_name || ':' || action, ',') FROM (SELECT * FROM "
                 "status_check_changes WHERE status_check_id = " +
                 std::to_string(report->run_id) + " ORDER BY package_type, package_name)"),
            "back:reactivated,gone:deactivated,perm:tombstoned,temp:deactivated,"
            "theme-back:reactivated");
}

TEST_F(CheckStatusTest, TombstonedPackagesAreNeverPolledAgain) {
  Package("perm", true);
  Package("found", true);
  http_.Respond(Url("perm"), 404, ReadTestdata("inline/wporg/api_closed_permanent.json"));
  http_.Respond(Url("found"), 200, kFound);
  ASSERT_TRUE(RunCheckStatus(env(), {}));
  ASSERT_TRUE(RunCheckStatus(env(), {}));
  EXPECT_EQ(http_.CountSent(Url("perm")), 1);
  EXPECT_EQ(http_.CountSent(Url("found")), 2);
}

TEST_F(CheckStatusTest, AnInactivePackagesClosureDetailsAreRefreshedOnlyWhenTheyChange) {
  Package("temp", false);
  http_.Respond(Url("temp"), 404, ReadTestdata("inline/wporg/api_closed_temporary.json"));
  auto first = RunCheckStatus(env(), {});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->closures_recorded, 1);
  EXPECT_EQ(first->deactivated, 0);
  EXPECT_EQ(Text("SELECT closed_date FROM packages WHERE name = 'temp'"), "2026-04-09");
  auto second = RunCheckStatus(env(), {});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->closures_recorded, 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM status_check_changes"), 0);
}

TEST_F(CheckStatusTest, UnreliableAnswersChangeNothing) {
  const std::vector<std::pair<int, std::string>> answers = {
      {500, "Internal Server Error"},
      {503, "<html>busy</html>"},
      {429, "slow down"},
      {404, "<html><body><h1>404 Not Found</h1></body></html>"},
      {404, ""},
      {200, "<html>Bad Gateway</html>"},
      {200, "{\"error\":\"clo"},
      {200, "[1,2]"},
      {200, kNotFound},
  };
  for (size_t i = 0; i < answers.size(); ++i) {
    const std::string name = "p" + std::to_string(i);
    Package(name, true);
    http_.Respond(Url(name), answers[i].first, answers[i].second);
  }
  std::string bad = ReadTestdata("inline/wporg/api_closed_temporary.json");
  bad.insert(bad.find("closed"), "\xC3\x28");
  Package("utf8", true);
  http_.Respond(Url("utf8"), 404, bad);
  Package("timeout", true);
  http_.Enqueue(Url("timeout"), base::Error(base::ErrorCode::kUnavailable, "timed out"));
  Package("ok", true);
  http_.Respond(Url("ok"), 200, kFound);

  auto report = RunCheckStatus(env(), {});
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->status, "completed_with_errors");
  EXPECT_EQ(report->failed, static_cast<int64_t>(answers.size()) + 2);
  EXPECT_EQ(report->deactivated, 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE is_active = 0"), 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM status_check_changes"), 0);
  EXPECT_EQ(Text("SELECT status FROM status_checks"), "completed_with_errors");
}

TEST_F(CheckStatusTest, ARunWhereEveryCheckFailsIsFailedAndNotified) {
  Package("a", true);
  Package("b", true);
  http_.SetFallback([](const io::HttpRequest& request) -> base::Result<io::HttpResponse> {
    if (request.url.find("discord") != std::string::npos) {
      return io::HttpResponse{.status = 204, .headers = {}, .body = ""};
    }
    return io::HttpResponse{.status = 500, .headers = {}, .body = "down"};
  });
  std::vector<std::string> notified;
  CheckOptions options;
  options.on_failure = [&](const std::string& label, const std::vector<std::string>& lines) {
    notified.push_back(label);
    ASSERT_FALSE(lines.empty());
  };
  auto report = RunCheckStatus(env(), options);
  ASSERT_FALSE(report);
  EXPECT_EQ(Text("SELECT status FROM status_checks"), "failed");
  EXPECT_NE(Text("SELECT error_message FROM status_checks"), "NULL");
  ASSERT_EQ(notified.size(), 1u);
  EXPECT_EQ(notified[0], "check-status #1");
  EXPECT_EQ(State("a"), "1/0");
}

TEST_F(CheckStatusTest, AStopSignalEndsTheRunMarkedCancelled) {
  for (int i = 0; i < 20; ++i) {
    Package("p" + std::to_string(i), true);
  }
  http_.SetFallback([this](const io::HttpRequest&) -> base::Result<io::HttpResponse> {
    stop_ = true;  // The signal arrives during the first request.
    return io::HttpResponse{.status = 404, .headers = {}, .body = kNotFound};
  });
  config_.discovery.concurrency = 1;
  auto report = RunCheckStatus(env(), {});
  ASSERT_FALSE(report);
  EXPECT_EQ(Text("SELECT status FROM status_checks"), "cancelled");
  EXPECT_EQ(Int("SELECT checked FROM status_checks"), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE is_active = 0"), 1);
}

TEST_F(CheckStatusTest, TypeFilterAndEmptyCatalogue) {
  Package("plug", true);
  Package("them", true, "theme");
  http_.Respond(Url("them", PackageType::kTheme), 404, kNotFound);
  auto report = RunCheckStatus(env(), {.type = "theme", .concurrency = 0, .on_failure = {}});
  ASSERT_TRUE(report);
  EXPECT_EQ(report->checked, 1);
  EXPECT_EQ(State("them"), "0/0");
  EXPECT_EQ(State("plug"), "1/0");
  auto none = RunCheckStatus(env(), {.type = "nothing", .concurrency = 0, .on_failure = {}});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, "completed");
  EXPECT_EQ(none->checked, 0);
}

TEST_F(CheckStatusTest, RetentionKeepsTheChangesOfFiftyRuns) {
  PackageStore store(*db_, clock_);
  for (int run = 1; run <= 55; ++run) {
    db_->sql().exec("INSERT INTO status_checks (id, started_at, status) VALUES (" +
                    std::to_string(run) + ", '2026-03-01T00:" + (run < 10 ? "0" : "") +
                    std::to_string(run) + ":00Z', 'completed')");
    db_->sql().exec(
        "INSERT INTO status_check_changes (status_check_id, package_type, package_name, action, "
        "created_at) VALUES (" +
        std::to_string(run) + ", 'plugin', 'p', 'deactivated', '2026-03-01T00:00:00Z')");
  }
  db_->sql().exec(
      "INSERT INTO status_check_changes (status_check_id, package_type, package_name, action, "
      "created_at) VALUES (NULL, 'plugin', 'old', 'deactivated', '2026-02-01T00:00:00Z'), "
      "(NULL, 'plugin', 'new', 'deactivated', '2026-03-02T00:00:00Z')");
  EXPECT_EQ(store.PruneStatusCheckChanges(kKeptRuns).value(), 6);
  EXPECT_EQ(Int("SELECT MIN(status_check_id) FROM status_check_changes"), 6);
  EXPECT_EQ(Text("SELECT group_concat(package_name) FROM status_check_changes WHERE "
                 "status_check_id IS NULL"),
            "new");
}

}  // namespace
}  // namespace wpp::status
