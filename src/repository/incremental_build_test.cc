// Incremental builds (docs/behaviour.md §7.8): a build on a base that
// recorded its change-log position reads only the packages logged since,
// and its index and files equal those of a --force build of the same
// database, whatever the mix of changes; a package whose advisories alone
// changed gets the base's documents with its new advisories
// (docs/behaviour.md §7.8), byte for byte what serialising it gives.

#include <random>

#include "repository/blob_store.h"
#include "repository/build.h"
#include "repository/build_dir.h"
#include "repository/build_index.h"
#include "repository/root_files.h"
#include "repository/snapshot_store.h"
#include "repository/test_fixture.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;

class IncrementalBuildTest : public RepositoryTest {
 protected:
  int64_t Count(const std::string& sql) {
    SQLite::Statement s(db_->sql(), sql);
    s.executeStep();
    return s.getColumn(0).getInt64();
  }

  // A random id of an existing package (0 when there is none).
  int64_t AnyPackage() {
    SQLite::Statement s(db_->sql(), "SELECT id FROM packages ORDER BY random() LIMIT 1");
    return s.executeStep() ? s.getColumn(0).getInt64() : 0;
  }

  // Adds or rewrites advisory WF-<which> of package `id`.
  void PutAdvisory(int64_t id, int which, const std::string& text) {
    Exec(
        "INSERT OR REPLACE INTO advisories (package_name, advisory_id, source, title,"
        " affected_versions, reported_at, json, updated_at) SELECT (CASE type WHEN 'theme'"
        " THEN 'wp-theme/' ELSE 'wp-plugin/' END) || name, 'WF-" +
        std::to_string(which) +
        "', 'feed', 't', '<2.0', '2024-01-01 00:00:00',"
        " '{\"advisoryId\":\"" +
        text + "\"}', 1 FROM packages WHERE id = " + std::to_string(id));
  }

  // One random change of the kinds that feed p2 files.
  void Mutate() {
    const int64_t id = AnyPackage();
    const std::string sid = std::to_string(id);
    const int kind = static_cast<int>(rng_() % 12);
    const std::string n = std::to_string(next_++);
    switch (kind) {
      case 0:
        AddPackage(rng_() % 3 ? "plugin" : "theme", "new-" + n, R"({"1.0":"u","2.0":"w"})",
                   "2024-02-02T00:00:00Z", 10);
        break;
      case 1:
        Exec("UPDATE packages SET versions_json = json_set(versions_json, '$.\"9." + n +
             "\"', 'x') WHERE id = " + sid);
        break;
      case 2:
        Exec("DELETE FROM package_versions WHERE package_id = " + sid);
        Exec("DELETE FROM packages WHERE id = " + sid);
        break;
      case 3:
        Exec("UPDATE packages SET is_active = 1 - is_active WHERE id = " + sid);
        break;
      case 4:
        Exec("INSERT OR IGNORE INTO package_versions SELECT packages.id, key, '2023-0" +
             std::to_string(1 + rng_() % 9) +
             "-01T00:00:00Z', 'svn' FROM packages, json_each(packages.versions_json)"
             " WHERE packages.id = " +
             sid);
        break;
      case 5:
        PutAdvisory(id, static_cast<int>(rng_() % 3), n);
        break;
      case 6:
        Exec(
            "DELETE FROM advisories WHERE (package_name, advisory_id) IN"
            " (SELECT package_name, advisory_id FROM advisories ORDER BY random() LIMIT 1)");
        break;
      case 7:
        Exec(
            "UPDATE packages SET trunk_revision = COALESCE(trunk_revision, 0) + 1,"
            " last_committed = '2025-01-0" +
            std::to_string(1 + rng_() % 9) + "T00:00:00Z' WHERE id = " + sid);
        break;
      case 8:  // Loses its tags (a theme then is no longer published).
        Exec("UPDATE packages SET versions_json = '{}' WHERE id = " + sid);
        break;
      case 9:  // A shell never fetched: not published.
        Exec("UPDATE packages SET last_sync_run_id = NULL, versions_json = '{}' WHERE id = " + sid);
        break;
      case 10:  // Advisories and another value at once: serialised, not spliced.
        PutAdvisory(id, static_cast<int>(rng_() % 3), n);
        Exec("UPDATE packages SET description = 'd" + n + "' WHERE id = " + sid);
        break;
      default:  // Only bookkeeping columns: nothing to rebuild.
        Exec("UPDATE packages SET downloads = downloads + 1, last_sync_run_id = " + n +
             " WHERE id = " + sid);
        break;
    }
  }

  void ExpectSameBuild(const BuildResult& a, const BuildResult& b) {
    EXPECT_EQ(Read(a.dir / kIndexFile), Read(b.dir / kIndexFile));
    EXPECT_EQ(Read(a.dir / kChangesFile), Read(b.dir / kChangesFile));
    EXPECT_EQ(Read(a.dir / kPackagesJson), Read(b.dir / kPackagesJson));
    EXPECT_EQ(a.packages_total, b.packages_total);
    EXPECT_EQ(a.snapshot_id, b.snapshot_id);
    EXPECT_TRUE(ValidateBuild(a.dir).ok());
  }

  std::mt19937 rng_{20261203};
  int next_ = 0;
};

TEST_F(IncrementalBuildTest, RandomChangesBuildWhatAForcedBuildBuilds) {
  for (int i = 0; i < 40; ++i) {
    AddPackage(i % 4 ? "plugin" : "theme", "p" + std::to_string(i), R"({"1.0":"u","1.1":"v"})",
               "2024-01-01T00:00:00Z", 100 + i);
  }
  BuildResult current = MustBuild();
  Promote(current);
  int64_t spliced = 0;
  for (int round = 0; round < 25; ++round) {
    const int changes = static_cast<int>(rng_() % 6);
    for (int c = 0; c < changes; ++c) {
      Mutate();
    }
    if (round % 4 == 3) {  // Someone deletes a blob the current build names.
      for (const auto& file : fs::recursive_directory_iterator(RepositoryDir() / "blobs")) {
        if (file.is_regular_file() && rng_() % 8 == 0) {
          fs::remove(file.path());
          break;
        }
      }
    }
    const BuildResult incremental = MustBuild();
    EXPECT_TRUE(incremental.incremental) << "round " << round;
    BuildOptions force = Options();
    force.force = true;
    const BuildResult full = MustBuild(force);
    EXPECT_FALSE(full.incremental);
    EXPECT_EQ(full.packages_spliced, 0);
    spliced += incremental.packages_spliced;
    ExpectSameBuild(incremental, full);
    if (HasFailure()) {
      FAIL() << "round " << round;
    }
    Promote(incremental);
  }
  EXPECT_GT(spliced, 0);  // The splice path was taken, and built what --force builds.
}

TEST_F(IncrementalBuildTest, NewAdvisoriesAloneSpliceTheBaseDocuments) {
  const int64_t a =
      AddPackage("plugin", "a", R"({"1.0":"u","1.1":"v"})", "2024-01-01T00:00:00Z", 7);
  const int64_t trunk = AddPackage("plugin", "trunk-only", "{}", "2024-01-01T00:00:00Z", 8);
  const int64_t t = AddPackage("theme", "t", R"({"1.0":"u"})");
  const int64_t both = AddPackage("plugin", "both", R"({"1.0":"u"})");
  PutAdvisory(a, 1, "old");
  Promote(MustBuild());
  for (const int64_t id : {a, trunk, t, both}) {
    PutAdvisory(id, 2, "new \\\" ]},\\\"security-advisories\\\":[ " + std::to_string(id));
  }
  Exec("UPDATE packages SET versions_json = '{\"2.0\":\"w\"}' WHERE id = " + std::to_string(both));

  const BuildResult next = MustBuild();

  EXPECT_TRUE(next.incremental);
  EXPECT_EQ(next.packages_spliced, 3);  // Not `both`: its versions changed as well.
  EXPECT_EQ(next.packages_changed, 4);
  BuildOptions force = Options();
  force.force = true;
  ExpectSameBuild(next, MustBuild(force));
}

TEST_F(IncrementalBuildTest, BaseDocumentsThatCannotBeSplicedAreSerialised) {
  const int64_t a =
      AddPackage("plugin", "a", R"({"1.0":"u","1.1":"v"})", "2024-01-01T00:00:00Z", 7);
  const int64_t b =
      AddPackage("plugin", "b", R"({"1.0":"u","1.1":"v"})", "2024-01-01T00:00:00Z", 7);
  const BuildResult first = MustBuild();
  Promote(first);
  const BuildIndex index = *ReadIndex(first.dir / kIndexFile);
  const auto blob = [&](const Hash128& hash) { return BlobPath(RepositoryDir() / "blobs", hash); };
  // a's main document no longer matches its name; b's ~dev one is gone.
  std::ofstream(blob(*index.at("wp-plugin/a").main), std::ios::binary | std::ios::app) << " ";
  fs::remove(blob(*index.at("wp-plugin/b").dev));
  PutAdvisory(a, 1, "x");
  PutAdvisory(b, 1, "y");

  const BuildResult next = MustBuild();

  EXPECT_TRUE(next.incremental);
  EXPECT_EQ(next.packages_spliced, 0);
  EXPECT_EQ(next.packages_changed, 2);
  BuildOptions force = Options();
  force.force = true;
  ExpectSameBuild(next, MustBuild(force));
}

TEST_F(IncrementalBuildTest, NothingChangedReadsNothing) {
  AddPackage("plugin", "a", R"({"1.0":"u"})");
  Promote(MustBuild());
  Exec("UPDATE packages SET downloads = 5, last_sync_run_id = 7");  // Bookkeeping only.

  const BuildResult second = MustBuild();

  EXPECT_TRUE(second.incremental);
  EXPECT_EQ(second.packages_total, 1);
  EXPECT_EQ(second.packages_reused, 1);
  EXPECT_EQ(second.snapshot_id, 7);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM package_changes"), 0);  // Pruned up to the base's.
}

TEST_F(IncrementalBuildTest, MoreThanHalfTheCatalogueChangedMeansAFullWalk) {
  for (int i = 0; i < 300; ++i) {
    AddPackage("plugin", "p" + std::to_string(i), R"({"1.0":"u"})");
  }
  Promote(MustBuild());
  // Half of 300, plus 100: 250 logged names still read by name.
  Exec("UPDATE packages SET description = 'x' WHERE id <= 250");
  const BuildResult by_name = MustBuild();
  EXPECT_TRUE(by_name.incremental);
  EXPECT_EQ(by_name.packages_changed, 250);
  Promote(by_name);

  Exec("UPDATE packages SET description = 'y' WHERE id <= 251");
  const BuildResult walked = MustBuild();

  EXPECT_FALSE(walked.incremental);
  EXPECT_EQ(walked.packages_changed, 251);
}

TEST_F(IncrementalBuildTest, APrunedLogMeansAFullWalk) {
  const int64_t id = AddPackage("plugin", "a", R"({"1.0":"u"})");
  AddPackage("plugin", "b", R"({"1.0":"u"})");
  const BuildResult first = MustBuild();
  Promote(first);
  Exec("UPDATE packages SET versions_json = '{\"2.0\":\"u\"}' WHERE id = " + std::to_string(id));
  Promote(MustBuild());  // Prunes up to the first build's position.
  Exec("UPDATE packages SET versions_json = '{\"3.0\":\"u\"}' WHERE id = " + std::to_string(id));
  const BuildResult newer = MustBuild();  // Prunes past the first build's position.
  Promote(first);                         // A rollback to a build the log no longer covers.

  const BuildResult rebuilt = MustBuild();

  EXPECT_FALSE(rebuilt.incremental);
  EXPECT_EQ(Read(rebuilt.dir / kIndexFile), Read(newer.dir / kIndexFile));
}

// A restored database (docs/behaviour.md §7.8, §8.6): its log is behind
// `current`, and other changes may carry it past `current`'s position
// before the next build, which must then not trust the log.
TEST_F(IncrementalBuildTest, AfterARestoreTheNextBuildWalksEverything) {
  AddPackage("plugin", "a", R"({"1.0":"u"})");
  AddPackage("plugin", "b", R"({"1.0":"u"})");
  const int64_t snapshot_seq =
      Count("SELECT seq FROM sqlite_sequence WHERE name = 'package_changes'");
  Exec("UPDATE packages SET versions_json = '{\"2.0\":\"u\"}' WHERE name = 'a'");
  Promote(MustBuild());  // `current` has a 2.0; the snapshot below has 1.0.
  // The restore of the older snapshot: a back at 1.0, the log back where it was.
  Exec("UPDATE packages SET versions_json = '{\"1.0\":\"u\"}' WHERE name = 'a'");
  Exec("DELETE FROM package_changes WHERE seq > " + std::to_string(snapshot_seq));
  Exec("UPDATE sqlite_sequence SET seq = " + std::to_string(snapshot_seq) +
       " WHERE name = 'package_changes'");
  ASSERT_TRUE(SnapshotStore(*db_).StartNewEpoch().ok());
  for (int i = 0; i < 5; ++i) {  // Past `current`'s position, b only.
    Exec("UPDATE packages SET description = 'd" + std::to_string(i) + "' WHERE name = 'b'");
  }

  const BuildResult walked = MustBuild();

  EXPECT_FALSE(walked.incremental);
  BuildOptions force = Options();
  force.force = true;
  ExpectSameBuild(walked, MustBuild(force));
  Promote(walked);
  Exec("UPDATE packages SET description = 'e' WHERE name = 'b'");
  EXPECT_TRUE(MustBuild().incremental);  // The epoch's builds read by name again.
}

TEST_F(IncrementalBuildTest, ForceAndOnePackageBuildsKeepTheLogPosition) {
  const int64_t id = AddPackage("plugin", "a", R"({"1.0":"u"})");
  AddPackage("plugin", "b", R"({"1.0":"u"})");
  Promote(MustBuild());
  Exec("UPDATE packages SET versions_json = '{\"2.0\":\"u\"}' WHERE id = " + std::to_string(id));
  Exec("UPDATE packages SET versions_json = '{\"2.0\":\"v\"}' WHERE name = 'b'");
  BuildOptions one = Options();
  one.package = "wp-plugin/b";
  const BuildResult partial = MustBuild(one);  // Rebuilds b only: a is still the old one.
  Promote(partial);

  const BuildResult next = MustBuild();  // Must still see a's change.

  EXPECT_TRUE(next.incremental);
  EXPECT_EQ(Changes(next).updated, std::vector<std::string>{"wp-plugin/a"});
  BuildOptions force = Options();
  force.force = true;
  ExpectSameBuild(next, MustBuild(force));
}

TEST_F(IncrementalBuildTest, ABaseWithOtherSharedInputsMeansAFullWalk) {
  AddPackage("plugin", "a", R"({"1.0":"u"})");
  const BuildResult first = MustBuild();
  Promote(first);
  // A base made by a binary with another serialisation format.
  std::string manifest = Read(first.dir / kManifestJson);
  const auto mark = ManifestChangeLog(manifest);
  ASSERT_TRUE(mark);
  manifest.replace(manifest.find(mark->inputs_hash), mark->inputs_hash.size(),
                   std::string(mark->inputs_hash.size(), '0'));
  std::ofstream(first.dir / kManifestJson, std::ios::binary | std::ios::trunc) << manifest;

  EXPECT_FALSE(MustBuild().incremental);
}

TEST(ManifestChangeLogTest, RoundTrips) {
  Manifest m;
  m.change_seq = 1234;
  m.inputs_hash = "00ff";
  const auto mark = ManifestChangeLog(RenderManifest(m));
  ASSERT_TRUE(mark);
  EXPECT_EQ(mark->change_seq, 1234);
  EXPECT_EQ(mark->inputs_hash, "00ff");
  EXPECT_FALSE(ManifestChangeLog(RenderManifest(Manifest{})));
}

}  // namespace
}  // namespace wpp::repository
