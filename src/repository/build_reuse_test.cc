// How repository::Build reuses the current build (docs/decisions.md §2, §6, §7):
// shared blobs for unchanged packages, --force, one-package rebuilds, publish
// times, a damaged base, and thread-count independence.

#include "repository/build.h"
#include "repository/build_index.h"
#include "repository/build_store.h"
#include "repository/test_fixture.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;

constexpr char kAstra[] = R"({"4.0":"https://downloads.wordpress.org/theme/astra.4.0.zip"})";

class BuildReuseTest : public RepositoryTest {};

TEST_F(BuildReuseTest, UnchangedPackagesKeepTheCurrentBuildsBlobs) {
  AddPackage("plugin", "same", R"({"1.0":"u"})", "2024-01-01T00:00:00Z");
  const int64_t changed = AddPackage("plugin", "changed", R"({"1.0":"u"})");
  const BuildResult first = MustBuild();
  Promote(first);
  Exec("UPDATE packages SET versions_json = '{\"1.0\":\"u\",\"1.1\":\"v\"}' WHERE id = " +
       std::to_string(changed));

  const BuildResult second = MustBuild();

  for (const char* file : {"wp-plugin/same.json", "wp-plugin/same~dev.json"}) {
    EXPECT_EQ(P2Path(first, file), P2Path(second, file)) << file;
  }
  EXPECT_NE(P2Path(first, "wp-plugin/changed.json"), P2Path(second, "wp-plugin/changed.json"));
  EXPECT_EQ(second.packages_reused, 1);
  EXPECT_EQ(second.packages_written, 1);
  EXPECT_EQ(second.base_build, first.build_id);
}

// docs/behaviour.md §20.6: an advisory is part of its package's input hash.
TEST_F(BuildReuseTest, AnAdvisoryChangeRebuildsOnlyItsPackage) {
  AddPackage("plugin", "safe", R"({"1.0":"u"})");
  AddPackage("plugin", "vulnerable", R"({"1.0":"u"})");
  const BuildResult first = MustBuild();
  Promote(first);
  EXPECT_TRUE(P2(first, "wp-plugin/vulnerable.json")["security-advisories"].empty());
  Exec(
      "INSERT INTO advisories (package_name, advisory_id, source, title, affected_versions,"
      " reported_at, json, updated_at) VALUES ('wp-plugin/vulnerable', 'WF-1', 'feed', 't',"
      " '<2.0', '2024-01-01 00:00:00', '{\"advisoryId\":\"WF-1\"}', 1)");

  const BuildResult second = MustBuild();

  EXPECT_EQ(Changes(second).updated, std::vector<std::string>{"wp-plugin/vulnerable"});
  EXPECT_EQ(second.packages_reused, 1);
  EXPECT_EQ(P2Path(first, "wp-plugin/safe.json"), P2Path(second, "wp-plugin/safe.json"));
  for (const char* file : {"wp-plugin/vulnerable.json", "wp-plugin/vulnerable~dev.json"}) {
    EXPECT_EQ(P2(second, file)["security-advisories"][0]["advisoryId"], "WF-1") << file;
  }
}

TEST_F(BuildReuseTest, ForceRewritesEverythingButReportsNoChange) {
  AddPackage("plugin", "same", R"({"1.0":"u"})");
  const BuildResult first = MustBuild();
  Promote(first);
  const ino_t before = Inode(P2Path(first, "wp-plugin/same.json"));
  BuildOptions options = Options();
  options.force = true;

  const BuildResult second = MustBuild(options);

  // Same bytes, so the same blob name, but written again (a new inode).
  EXPECT_EQ(P2Path(first, "wp-plugin/same.json"), P2Path(second, "wp-plugin/same.json"));
  EXPECT_NE(Inode(P2Path(second, "wp-plugin/same.json")), before);
  EXPECT_EQ(second.packages_changed, 0);
  EXPECT_EQ(second.packages_written, 1);
}

TEST_F(BuildReuseTest, OnePackageRebuildGivesACompleteBuild) {  // docs/decisions.md §6
  const int64_t id = AddPackage("plugin", "akismet", R"({"5.0":"u"})");
  AddPackage("plugin", "other", R"({"1.0":"u"})");
  AddPackage("theme", "astra", kAstra);
  const BuildResult first = MustBuild();
  Promote(first);
  Exec("UPDATE packages SET versions_json = '{\"5.0\":\"u\",\"5.1\":\"v\"}' WHERE id = " +
       std::to_string(id));
  Exec("UPDATE packages SET versions_json = '{\"2.0\":\"u\"}' WHERE name = 'other'");
  BuildOptions options = Options();
  options.package = "wp-plugin/akismet";

  const BuildResult second = MustBuild(options);

  EXPECT_EQ(second.packages_total, 3);
  EXPECT_EQ(Changes(second).updated, std::vector<std::string>{"wp-plugin/akismet"});
  EXPECT_TRUE(Changes(second).deleted.empty());
  EXPECT_EQ(P2(second, "wp-plugin/akismet.json")["packages"]["wp-plugin/akismet"][0]["version"],
            "5.1");
  // `other` changed in the database but was not asked for: carried over as built.
  EXPECT_EQ(P2Path(first, "wp-plugin/other.json"), P2Path(second, "wp-plugin/other.json"));
  EXPECT_TRUE(fs::exists(P2Path(second, "wp-theme/astra.json")));
  EXPECT_TRUE(ValidateBuild(second.dir).ok());
  EXPECT_EQ(ReadIndex(second.dir / kIndexFile)->size(), 3u);
}

TEST_F(BuildReuseTest, OnePackageRebuildAcceptsTheDatabaseFormAndRecordsDeletes) {
  AddPackage("plugin", "akismet", R"({"5.0":"u"})");
  AddPackage("plugin", "other", R"({"1.0":"u"})");
  Promote(MustBuild());
  Exec("UPDATE packages SET is_active = 0 WHERE name = 'akismet'");
  BuildOptions options = Options();
  options.package = "plugin/akismet";

  const BuildResult second = MustBuild(options);

  EXPECT_EQ(Changes(second).deleted, std::vector<std::string>{"wp-plugin/akismet"});
  EXPECT_EQ(second.packages_total, 1);
  EXPECT_TRUE(fs::exists(P2Path(second, "wp-plugin/other.json")));
}

TEST_F(BuildReuseTest, MalformedPackageArgumentIsRefused) {
  for (const char* spec : {"akismet", "wp-foo/x", "wp-plugin/../x", "wp-plugin/"}) {
    BuildOptions options = Options();
    options.package = spec;
    auto result = Build(*db_, clock_, options);
    ASSERT_FALSE(result) << spec;
    EXPECT_EQ(result.error().code(), base::ErrorCode::kInvalidArgument) << spec;
  }
}

TEST_F(BuildReuseTest, PublishTimesDoNotMoveWithUnrelatedCommits) {  // docs/decisions.md §2
  const int64_t id = AddPackage("plugin", "timed", R"({"1.0":"u"})", "2024-01-01T00:00:00Z");
  Exec("INSERT INTO package_versions VALUES (" + std::to_string(id) +
       ", '1.0', '2023-05-05T05:05:05Z', 'svn')");
  const BuildResult first = MustBuild();
  Promote(first);
  Exec("UPDATE packages SET last_committed = '2025-01-01T00:00:00Z' WHERE id = " +
       std::to_string(id));

  const BuildResult second = MustBuild();

  EXPECT_EQ(P2(second, "wp-plugin/timed.json")["packages"]["wp-plugin/timed"][0]["time"],
            "2023-05-05T05:05:05Z");
  EXPECT_EQ(P2Path(first, "wp-plugin/timed.json"),
            P2Path(second, "wp-plugin/timed.json"));  // Same bytes: same blob.
  EXPECT_EQ(P2(second, "wp-plugin/timed~dev.json")["packages"]["wp-plugin/timed"][0]["time"],
            "2025-01-01T00:00:00Z");
}

TEST_F(BuildReuseTest, NewPublishTimesRepublishThePackage) {
  const int64_t id = AddPackage("plugin", "timed", R"({"1.0":"u"})", "2024-01-01T00:00:00Z");
  Promote(MustBuild());
  Exec("INSERT INTO package_versions VALUES (" + std::to_string(id) +
       ", '1.0', '2023-05-05T05:05:05Z', 'svn')");

  const BuildResult second = MustBuild();

  EXPECT_EQ(second.packages_changed, 1);
  EXPECT_EQ(P2(second, "wp-plugin/timed.json")["packages"]["wp-plugin/timed"][0]["time"],
            "2023-05-05T05:05:05Z");
}

TEST_F(BuildReuseTest, MissingBaseFilesAreWrittenAgain) {
  const int64_t id = AddPackage("plugin", "timed", R"({"1.0":"u"})", "2024-01-01T00:00:00Z");
  AddPackage("plugin", "other", R"({"1.0":"u"})");
  Exec("INSERT INTO package_versions VALUES (" + std::to_string(id) +
       ", '1.0', '2023-05-05T05:05:05Z', 'svn')");
  const BuildResult first = MustBuild();
  Promote(first);
  fs::remove(P2Path(first, "wp-plugin/timed~dev.json"));  // Someone damaged the base.

  const BuildResult second = MustBuild();

  EXPECT_EQ(second.packages_changed, 0);
  EXPECT_EQ(second.packages_written, 1);
  EXPECT_TRUE(ValidateBuild(second.dir).ok());
  EXPECT_EQ(Read(P2Path(second, "wp-plugin/timed.json")),
            Read(P2Path(first, "wp-plugin/timed.json")));
  EXPECT_TRUE(fs::exists(P2Path(second, "wp-plugin/timed~dev.json")));
}

TEST_F(BuildReuseTest, OneThreadAndManyThreadsBuildTheSameBytes) {
  for (int i = 0; i < 50; ++i) {
    AddPackage(i % 5 ? "plugin" : "theme", "p" + std::to_string(i),
               R"({"1.0":"u","1.1":"v","2.0-beta1":"w"})", "2024-01-01T00:00:00Z", 100 + i);
  }
  BuildOptions one = Options();
  one.threads = 1;
  BuildOptions four = Options();
  four.threads = 4;

  const BuildResult a = MustBuild(one);
  const BuildResult b = MustBuild(four);

  EXPECT_EQ(Read(a.dir / "index.tsv"), Read(b.dir / "index.tsv"));
  EXPECT_EQ(a.packages_total, 50);
  EXPECT_EQ(b.packages_total, 50);
}

}  // namespace
}  // namespace wpp::repository
