// Behaviour of repository::Build (cases BLD-01…BLD-17 of docs/behaviour.md §6 and §7,
// plus docs/decisions.md §1–§9).

#include "repository/build.h"

#include <nlohmann/json.hpp>

#include "repository/build_index.h"
#include "repository/build_store.h"
#include "repository/test_fixture.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kAkismet[] = R"({"4.0":"https://downloads.wordpress.org/plugin/akismet.4.0.zip",)"
                            R"("5.0":"https://downloads.wordpress.org/plugin/akismet.5.0.zip"})";
constexpr char kAstra[] = R"({"4.0":"https://downloads.wordpress.org/theme/astra.4.0.zip"})";

class BuildTest : public RepositoryTest {};

TEST_F(BuildTest, PublishesPluginsAndThemesWithAbsoluteAppUrls) {  // BLD-01…05
  AddPackage("plugin", "akismet", kAkismet);
  AddPackage("theme", "astra", kAstra);
  BuildOptions options = Options();
  options.app_url = "https://app.example.com";

  const BuildResult build = MustBuild(options);

  EXPECT_EQ(build.packages_total, 2);
  const json packages = json::parse(Read(build.dir / "packages.json"));
  EXPECT_EQ(packages["notify-batch"], "https://app.example.com/downloads");
  EXPECT_EQ(packages["metadata-url"], "/p2/%package%.json");
  EXPECT_EQ(packages["search"], "https://app.example.com/search.json?q=%query%&type=%type%");
  EXPECT_FALSE(packages.contains("provider-includes"));
  EXPECT_FALSE(packages.contains("providers-url"));
  EXPECT_TRUE(fs::exists(P2Path(build, "wp-plugin/akismet.json")));
  EXPECT_TRUE(fs::exists(P2Path(build, "wp-theme/astra.json")));
  EXPECT_FALSE(fs::exists(build.dir / "p"));
  const json manifest = json::parse(Read(build.dir / "manifest.json"));
  EXPECT_EQ(manifest["packages_total"], 2);
  EXPECT_EQ(manifest["artifact_count"], 4);  // 3 p2 files + packages.json.
  EXPECT_EQ(build.artifact_count, 5);        // The builds row counts the manifest too.
  EXPECT_TRUE(ValidateBuild(build.dir).ok());
}

TEST_F(BuildTest, EveryPluginGetsItsFile) {  // BLD-06
  for (int i = 0; i < 20; ++i) {
    AddPackage("plugin", "plugin-" + std::to_string(i), R"({"1.0":"u"})");
  }
  const BuildResult build = MustBuild();
  EXPECT_EQ(build.packages_total, 20);
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(fs::exists(P2Path(build, "wp-plugin/plugin-" + std::to_string(i) + ".json")));
  }
}

TEST_F(BuildTest, TaggedAndTrunkOnlyPlugins) {  // BLD-07…10
  AddPackage("plugin", "akismet", R"({"5.0":"u5"})");
  AddPackage("plugin", "trunk-only", "{}");

  const BuildResult build = MustBuild();

  EXPECT_EQ(build.packages_total, 2);
  const json main = P2(build, "wp-plugin/akismet.json")["packages"]["wp-plugin/akismet"];
  ASSERT_EQ(main.size(), 1u);
  EXPECT_EQ(main[0]["version"], "5.0");
  const json dev = P2(build, "wp-plugin/akismet~dev.json")["packages"]["wp-plugin/akismet"][0];
  EXPECT_EQ(dev["version"], "dev-trunk");
  EXPECT_TRUE(dev.contains("source"));
  EXPECT_FALSE(dev.contains("dist"));
  EXPECT_EQ(dev["source"]["reference"], "trunk");
  EXPECT_TRUE(fs::exists(P2Path(build, "wp-plugin/trunk-only.json")));
  EXPECT_TRUE(fs::exists(P2Path(build, "wp-plugin/trunk-only~dev.json")));
  EXPECT_TRUE(ValidateBuild(build.dir).ok());
}

// docs/behaviour.md §14.3: a shell whose info request only ever failed has
// no sync run and no versions, and is not published; once fetched (even
// without versions) it is.
TEST_F(BuildTest, ShellsNeverFetchedAreNotPublished) {
  AddPackage("plugin", "akismet", R"({"5.0":"u5"})");
  const int64_t shell = AddPackage("plugin", "never-fetched", "{}");
  Exec("UPDATE packages SET last_sync_run_id = NULL WHERE id = " + std::to_string(shell));

  const BuildResult first = MustBuild();

  EXPECT_EQ(first.packages_total, 1);
  EXPECT_FALSE(fs::exists(P2Path(first, "wp-plugin/never-fetched.json")));
  EXPECT_TRUE(ValidateBuild(first.dir).ok());

  Exec("UPDATE packages SET last_sync_run_id = 2 WHERE id = " + std::to_string(shell));
  const BuildResult second = MustBuild();
  EXPECT_EQ(second.packages_total, 2);
  EXPECT_TRUE(fs::exists(P2Path(second, "wp-plugin/never-fetched.json")));
}

// docs/behaviour.md §14.1, §14.2 through the build: stored duplicates and
// -dev tags (rows written before the rules) are published once, -dev in ~dev.
TEST_F(BuildTest, StoredDuplicatesArePublishedOnce) {
  AddPackage("plugin", "dup",
             R"({"6.1":"https://downloads.wordpress.org/plugin/dup.6.1.zip",)"
             R"("6.1.0":"https://downloads.wordpress.org/plugin/dup.6.1.0.zip",)"
             R"("6.2-dev":"u","dev-trunk":"t"})");

  const BuildResult build = MustBuild();

  const json main = P2(build, "wp-plugin/dup.json")["packages"]["wp-plugin/dup"];
  ASSERT_EQ(main.size(), 1u);
  EXPECT_EQ(main[0]["version"], "6.1");
  const json dev = P2(build, "wp-plugin/dup~dev.json")["packages"]["wp-plugin/dup"];
  ASSERT_EQ(dev.size(), 2u);
  EXPECT_EQ(dev[0]["version"], "6.2-dev");
  EXPECT_EQ(dev[1]["version"], "dev-trunk");
}

TEST_F(BuildTest, DevTrunkIsPinnedToTheTrunkRevision) {  // BLD-11
  AddPackage("plugin", "akismet", R"({"5.0":"u5"})", "", 3470087);
  AddPackage("plugin", "no-rev", R"({"1.0":"u1"})");

  const BuildResult build = MustBuild();

  EXPECT_EQ(
      P2(build,
         "wp-plugin/akismet~dev.json")["packages"]["wp-plugin/akismet"][0]["source"]["reference"],
      "trunk@3470087");
  EXPECT_EQ(
      P2(build,
         "wp-plugin/no-rev~dev.json")["packages"]["wp-plugin/no-rev"][0]["source"]["reference"],
      "trunk");
  EXPECT_EQ(build.packages_total, 2);
}

TEST_F(BuildTest, DeactivatedPackageIsOneDelete) {  // BLD-12, BLD-13
  AddPackage("plugin", "akismet", R"({"5.0":"u","dev-trunk":"t"})");
  AddPackage("plugin", "removed-plugin", R"({"1.0":"u","dev-trunk":"t"})");
  AddPackage("plugin", "trunk-pkg", R"({"dev-trunk":"t"})");
  Promote(MustBuild());
  Exec("UPDATE packages SET is_active = 0 WHERE name IN ('removed-plugin', 'trunk-pkg')");

  const BuildResult build = MustBuild();

  const ChangeList changes = Changes(build);
  EXPECT_EQ(changes.deleted,
            (std::vector<std::string>{"wp-plugin/removed-plugin", "wp-plugin/trunk-pkg"}));
  EXPECT_TRUE(changes.updated.empty());
  EXPECT_EQ(build.packages_deleted, 2);
  EXPECT_FALSE(fs::exists(P2Path(build, "wp-plugin/removed-plugin.json")));
}

TEST_F(BuildTest, PluginLosingItsTagsIsNotDeleted) {  // BLD-14
  const int64_t id = AddPackage("plugin", "migrating", R"({"1.0":"u","dev-trunk":"t"})");
  Promote(MustBuild());
  Exec("UPDATE packages SET versions_json = '{\"dev-trunk\":\"t\"}' WHERE id = " +
       std::to_string(id));

  const BuildResult build = MustBuild();

  EXPECT_TRUE(Changes(build).deleted.empty());
  EXPECT_EQ(Changes(build).updated, std::vector<std::string>{"wp-plugin/migrating"});
}

TEST_F(BuildTest, OnlyRealChangesAreReported) {  // BLD-15
  const int64_t id = AddPackage("plugin", "mixed", R"({"1.0":"u","dev-trunk":"t"})");
  AddPackage("plugin", "other", R"({"1.0":"u"})");
  const BuildResult first = MustBuild();
  EXPECT_EQ(first.packages_changed, 2);  // No base: everything is new.
  Promote(first);

  const BuildResult second = MustBuild();
  EXPECT_EQ(second.packages_changed, 0);
  EXPECT_EQ(second.packages_reused, 2);
  Promote(second);
  Exec("UPDATE packages SET last_committed = '2099-01-01T00:00:00Z' WHERE id = " +
       std::to_string(id));

  const BuildResult third = MustBuild();
  EXPECT_EQ(third.packages_changed, 1);
  EXPECT_EQ(Changes(third).updated, std::vector<std::string>{"wp-plugin/mixed"});
  EXPECT_EQ(Changes(third).base_build, second.build_id);
}

TEST_F(BuildTest, EmptyThemesAreSkippedEmptyPluginsAreNot) {  // BLD-16
  AddPackage("theme", "empty-theme", "{}");
  AddPackage("plugin", "empty-plugin", "{}");
  AddPackage("theme", "astra", kAstra);

  const BuildResult build = MustBuild();

  EXPECT_EQ(build.packages_total, 2);
  EXPECT_FALSE(fs::exists(P2Path(build, "wp-theme/empty-theme.json")));
  EXPECT_FALSE(fs::exists(P2Path(build, "wp-theme/empty-theme~dev.json")));
  EXPECT_TRUE(fs::exists(P2Path(build, "wp-theme/astra.json")));
  EXPECT_FALSE(fs::exists(P2Path(build, "wp-theme/astra~dev.json")));
  EXPECT_TRUE(fs::exists(P2Path(build, "wp-plugin/empty-plugin.json")));
  EXPECT_TRUE(fs::exists(P2Path(build, "wp-plugin/empty-plugin~dev.json")));
  EXPECT_TRUE(ValidateBuild(build.dir).ok());
}

TEST_F(BuildTest, EmptyDatabaseBuilds) {  // BLD-17
  const BuildResult build = MustBuild();
  EXPECT_EQ(build.packages_total, 0);
  EXPECT_TRUE(ValidateBuild(build.dir).ok());
}

TEST_F(BuildTest, FailedIntegrityMarksTheBuildFailed) {
  AddPackage("plugin", "akismet", R"({"5.0":"u"})");
  BuildOptions options = Options();
  options.before_validation_for_test = [](const fs::path& dir) {
    auto files = BuildFiles::Open(dir);
    ASSERT_TRUE(files);
    fs::remove(files->PathOf(*files->Find("p2/wp-plugin/akismet~dev.json")));
  };
  clock_.Advance(std::chrono::seconds(60));

  auto result = Build(*db_, clock_, options);

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kDataLoss);
  EXPECT_NE(result.error().message().find("integrity validation failed with 1 errors"),
            std::string::npos);
  auto ids = ListBuilds(BuildsDir());
  ASSERT_EQ(ids->size(), 1u);
  const fs::path dir = BuildsDir() / ids->front();
  EXPECT_TRUE(fs::exists(dir / ".failed"));
  EXPECT_FALSE(fs::exists(dir / "manifest.json"));
  EXPECT_FALSE(ValidateBuild(dir).ok());
  BuildStore store(*db_, clock_);
  EXPECT_EQ(store.StatusOf(ids->front())->value_or(""), "failed");
}

TEST_F(BuildTest, InterruptedBuildIsMarkedFailed) {  // docs/decisions.md §11
  AddPackage("plugin", "akismet", R"({"5.0":"u"})");
  const std::atomic<bool> stop{true};
  BuildOptions options = Options();
  options.stop = &stop;
  clock_.Advance(std::chrono::seconds(60));

  auto result = Build(*db_, clock_, options);

  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("interrupted"), std::string::npos);
  auto ids = ListBuilds(BuildsDir());
  ASSERT_EQ(ids->size(), 1u);
  EXPECT_FALSE(ValidateBuild(BuildsDir() / ids->front()).ok());
}

TEST_F(BuildTest, StandaloneBuildRecordsACompletedRow) {
  AddPackage("plugin", "akismet", R"({"5.0":"u"})");
  const BuildResult build = MustBuild();
  BuildStore store(*db_, clock_);
  EXPECT_EQ(store.StatusOf(build.build_id)->value_or(""), "completed");
  SQLite::Statement s(db_->sql(), "SELECT packages_total, root_hash FROM builds WHERE id = ?");
  s.bind(1, build.build_id);
  ASSERT_TRUE(s.executeStep());
  EXPECT_EQ(s.getColumn(0).getInt64(), 1);
  EXPECT_EQ(s.getColumn(1).getString(), build.root_hash);
}

TEST_F(BuildTest, PipelineOwnedRowKeepsItsStatus) {
  Exec(
      "INSERT INTO builds (id, started_at, status, pid) VALUES "
      "('20260313-150000', '2026-03-13T15:00:00Z', 'running', 1)");
  BuildOptions options = Options();
  options.build_id = "20260313-150000";

  const BuildResult build = MustBuild(options);

  EXPECT_EQ(build.build_id, "20260313-150000");
  BuildStore store(*db_, clock_);
  EXPECT_EQ(store.StatusOf(build.build_id)->value_or(""), "running");
  auto again = Build(*db_, clock_, options);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), base::ErrorCode::kAlreadyExists);
}

TEST_F(BuildTest, TwoBuildsInOneSecondGetConsecutiveIds) {
  const BuildResult first = MustBuild();
  auto second = Build(*db_, clock_, Options());  // Same clock second.
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_NE(second->build_id, first.build_id);
  EXPECT_GT(second->build_id, first.build_id);
  EXPECT_TRUE(IsBuildId(second->build_id));
}

TEST_F(BuildTest, UnusableRowsAreSkippedNotFatal) {
  AddPackage("plugin", "good", R"({"1.0":"u"})");
  AddPackage("plugin", "bad-json", R"({"1.0":5})");
  AddPackage("plugin", "bad-url", "{\"1.0\":\"https://x/\xff.zip\"}");
  AddPackage("plugin", "../escape", R"({"1.0":"u"})");
  Exec("UPDATE packages SET description = 'bad \xff utf8 <b>' WHERE name = 'good'");

  const BuildResult build = MustBuild();

  EXPECT_EQ(build.packages_total, 2);
  EXPECT_EQ(build.packages_skipped, 2);
  EXPECT_EQ(P2(build, "wp-plugin/bad-url.json")["packages"]["wp-plugin/bad-url"][0]["dist"]["url"],
            "https://x/\xEF\xBF\xBD.zip");
  EXPECT_TRUE(ValidateBuild(build.dir).ok());
  EXPECT_EQ(P2(build, "wp-plugin/good.json")["packages"]["wp-plugin/good"][0]["description"],
            "bad \xEF\xBF\xBD utf8 <b>");
}

}  // namespace
}  // namespace wpp::repository
