// Crash safety of build, promote and cleanup: each runs again and again over
// the five-package fixture with its Nth mutating file operation failing
// (N = 1, 2, … until a run no longer reaches the fault). After every failed
// run: the failure was reported, `current` still names a complete build
// with the files it had, no build without manifest.json can be promoted,
// and a fault-free build and deploy then publish exactly what a build that
// never failed publishes.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "deploy/deploy.h"
#include "repository/blob_store.h"
#include "repository/build.h"
#include "repository/build_dir.h"
#include "repository/build_files.h"
#include "testutil/fake_clock.h"
#include "testutil/faulty_file_system.h"
#include "testutil/test_db.h"

namespace wpp::deploy {
namespace {

namespace fs = std::filesystem;
using repository::BuildResult;
using testutil::FaultyFileSystem;

// Far more mutating operations than a build of five packages performs.
constexpr int64_t kMaxFaults = 1000;

const fs::path kFixture = fs::path(WPP_SOURCE_DIR) / "src/repository/testdata/fixture.sql";

std::string MustRead(const fs::path& path) {
  auto bytes = repository::ReadFile(path);
  EXPECT_TRUE(bytes) << bytes.error().message();
  return bytes ? *bytes : "";
}

// What a build publishes: packages.json and every p2 file, by key.
using Published = std::map<std::string, std::string>;

Published PublishedBy(const fs::path& build_dir) {
  Published files;
  auto build = repository::BuildFiles::Open(build_dir);
  EXPECT_TRUE(build) << build.error().message();
  if (build) {
    for (const repository::BuildFiles::File& file : build->List()) {
      files[file.key] = MustRead(build->PathOf(file.hash));
    }
  }
  files[std::string(repository::kPackagesJson)] = MustRead(build_dir / repository::kPackagesJson);
  return files;
}

// The database changes between the first build and the next: one package
// gets a new version, one goes away.
constexpr const char* kChange =
    "UPDATE packages SET versions_json = "
    "'{\"9.0\":\"https://downloads.wordpress.org/plugin/akismet.9.0.zip\"}'"
    " WHERE name = 'akismet';"
    "UPDATE packages SET is_active = 0 WHERE name = 'classic-editor';";

// One repository with its database and clock: the fixture built and
// promoted, then kChange applied.
class World {
 public:
  World() {
    db_->sql().exec(MustRead(kFixture));
    first_ = MustBuildAndPromote();
    db_->sql().exec(kChange);
  }

  fs::path repository_dir() const { return tmp_.path() / "repository"; }
  const BuildResult& first() const { return first_; }
  db::Database& db() { return *db_; }
  testutil::FakeClock& clock() { return clock_; }

  repository::BuildOptions BuildWith(io::FileSystem& file_system) {
    repository::BuildOptions options;
    options.output_dir = repository_dir() / repository::kBuildsDir;
    options.durable = false;
    options.threads = 1;
    options.file_system = &file_system;
    return options;
  }
  DeployOptions DeployWith(io::FileSystem& file_system) const {
    DeployOptions options;
    options.repository_dir = repository_dir();
    options.file_system = &file_system;
    return options;
  }

  // Builds with `file_system`, on a new second.
  base::Result<BuildResult> Build(io::FileSystem& file_system) {
    clock_.Advance(std::chrono::seconds(60));
    return repository::Build(*db_, clock_, BuildWith(file_system));
  }

  BuildResult MustBuild() {
    auto built = Build(io::FileSystem::Default());
    EXPECT_TRUE(built) << built.error().message();
    return built ? *built : BuildResult{};
  }

  // A fault-free build, promoted as the newest valid build.
  BuildResult MustBuildAndPromote() {
    const BuildResult built = MustBuild();
    auto promoted = Promote(*db_, clock_, DeployWith(io::FileSystem::Default()), "");
    EXPECT_TRUE(promoted) << promoted.error().message();
    EXPECT_TRUE(promoted && promoted->promoted.id == built.build_id);
    return built;
  }

  std::string CurrentId() const {
    auto current = repository::CurrentBuild(repository_dir());
    EXPECT_TRUE(current) << current.error().message();
    return current && current->has_value() ? (*current)->id : "";
  }

  // (b): `current` names a complete build, one of `allowed` (id → files).
  void ExpectCurrentIntact(const std::map<std::string, Published>& allowed) {
    const std::string id = CurrentId();
    ASSERT_TRUE(allowed.contains(id)) << "current is " << id;
    const fs::path dir = repository_dir() / repository::kBuildsDir / id;
    const base::Status valid = repository::ValidateBuild(dir);
    EXPECT_TRUE(valid.ok()) << valid.error().message();
    EXPECT_EQ(PublishedBy(dir), allowed.at(id));
  }

  // (c): a build without manifest.json is refused, by id and as the newest.
  void ExpectUnfinishedBuildsRefused() {
    const fs::path builds = repository_dir() / repository::kBuildsDir;
    auto ids = repository::ListBuilds(builds);
    ASSERT_TRUE(ids);
    for (const std::string& id : *ids) {
      if (!fs::exists(builds / id / repository::kManifestJson)) {
        EXPECT_FALSE(repository::ValidateBuild(builds / id).ok()) << id;
        const std::string before = CurrentId();
        EXPECT_FALSE(Promote(*db_, clock_, DeployWith(io::FileSystem::Default()), id)) << id;
        EXPECT_EQ(CurrentId(), before);
      }
    }
  }

  // (d): a fault-free build and deploy publish `expected`.
  void ExpectRecovery(const Published& expected) {
    const BuildResult built = MustBuildAndPromote();
    EXPECT_EQ(CurrentId(), built.build_id);
    EXPECT_TRUE(fs::exists(built.dir / repository::kManifestJson));
    EXPECT_EQ(PublishedBy(built.dir), expected);
  }

 private:
  testutil::TempDir tmp_;
  testutil::FakeClock clock_;
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  BuildResult first_{};
};

class CrashSafetyTest : public ::testing::Test {
 protected:
  // What the changed database publishes when nothing ever fails.
  static const Published& Reference() {
    static const Published* const kReference = [] {
      World world;
      return new Published(PublishedBy(world.MustBuild().dir));
    }();
    return *kReference;
  }
};

TEST_F(CrashSafetyTest, BuildFailingAtAnyFileOperationLeavesCurrentIntact) {
  int64_t faulted_runs = 0;
  for (int64_t n = 1; n <= kMaxFaults; ++n) {
    SCOPED_TRACE("mutating operation " + std::to_string(n) + " fails");
    World world;
    const Published before = PublishedBy(world.first().dir);
    FaultyFileSystem faulty;
    faulty.FailNthMutation(n);

    auto built = world.Build(faulty);

    if (faulty.faults() == 0) {  // The build did fewer than n operations.
      ASSERT_TRUE(built) << built.error().message();
      EXPECT_EQ(PublishedBy(built->dir), Reference());
      break;
    }
    ++faulted_runs;
    EXPECT_FALSE(built) << "the fault was not reported";            // (a)
    world.ExpectCurrentIntact({{world.first().build_id, before}});  // (b)
    EXPECT_EQ(world.CurrentId(), world.first().build_id);           // (b)
    world.ExpectUnfinishedBuildsRefused();                          // (c)
    world.ExpectRecovery(Reference());                              // (d)
  }
  EXPECT_GT(faulted_runs, 10);  // Every blob, root file and directory was a fault site.
  EXPECT_LT(faulted_runs, kMaxFaults);
}

TEST_F(CrashSafetyTest, FailedFlushesStopTheBuildBeforeItsManifest) {
  for (const FaultyFileSystem::Op op :
       {FaultyFileSystem::Op::kSyncFileSystem, FaultyFileSystem::Op::kSync}) {
    SCOPED_TRACE(static_cast<int>(op));
    World world;
    FaultyFileSystem faulty;
    faulty.FailNth(op, 1);
    repository::BuildOptions options = world.BuildWith(faulty);
    options.durable = true;  // Flush the file system, fsync the manifest.

    auto built = repository::Build(world.db(), world.clock(), options);

    EXPECT_EQ(faulty.faults(), 1);
    EXPECT_FALSE(built);
    EXPECT_EQ(world.CurrentId(), world.first().build_id);
    world.ExpectUnfinishedBuildsRefused();
    world.ExpectRecovery(Reference());
  }
}

TEST_F(CrashSafetyTest, PromoteFailingAtAnyFileOperationLeavesAValidCurrent) {
  int64_t faulted_runs = 0;
  for (int64_t n = 1; n <= kMaxFaults; ++n) {
    SCOPED_TRACE("mutating operation " + std::to_string(n) + " fails");
    World world;
    const BuildResult next = world.MustBuild();
    const std::map<std::string, Published> allowed = {
        {world.first().build_id, PublishedBy(world.first().dir)}, {next.build_id, Reference()}};
    FaultyFileSystem faulty;
    faulty.FailNthMutation(n);

    auto promoted = Promote(world.db(), world.clock(), world.DeployWith(faulty), next.build_id);

    if (faulty.faults() == 0) {
      ASSERT_TRUE(promoted) << promoted.error().message();
      EXPECT_EQ(world.CurrentId(), next.build_id);
      break;
    }
    ++faulted_runs;
    EXPECT_FALSE(promoted) << "the fault was not reported";  // (a)
    // (b): the old build, or the new one when only the directory fsync after
    // the rename failed; complete either way.
    world.ExpectCurrentIntact(allowed);
    world.ExpectUnfinishedBuildsRefused();  // (c)
    world.ExpectRecovery(Reference());      // (d)
  }
  EXPECT_GE(faulted_runs, 3);  // Leftover removal, symlink, rename, directory fsync.
  EXPECT_LT(faulted_runs, kMaxFaults);
}

TEST_F(CrashSafetyTest, CleanupFailingAtAnyFileOperationKeepsWhatItMustKeep) {
  int64_t faulted_runs = 0;
  for (int64_t n = 1; n <= kMaxFaults; ++n) {
    SCOPED_TRACE("mutating operation " + std::to_string(n) + " fails");
    World world;
    // Enough builds, each with a blob of its own, that cleanup removes three
    // builds and their blobs; the blobs are made old enough to collect.
    const std::string astra =
        world.db()
            .sql()
            .execAndGet("SELECT versions_json FROM packages WHERE name = 'astra'")
            .getString();
    for (int i = 0; i < kMinimumRetain + 2; ++i) {
      world.db().sql().exec("UPDATE packages SET versions_json = '{\"" + std::to_string(i + 1) +
                            ".0\":\"u\"}' WHERE name = 'astra'");
      world.MustBuild();
    }
    SQLite::Statement restore(world.db().sql(),
                              "UPDATE packages SET versions_json = ? WHERE name = 'astra'");
    restore.bind(1, astra);
    restore.exec();
    const BuildResult current = world.MustBuildAndPromote();
    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(2);
    for (const auto& entry :
         fs::recursive_directory_iterator(world.repository_dir() / repository::kBlobsDir)) {
      fs::last_write_time(entry.path(), old);
    }
    auto ids = repository::ListBuilds(world.repository_dir() / repository::kBuildsDir);
    ASSERT_TRUE(ids);
    FaultyFileSystem faulty;
    faulty.FailNthMutation(n);

    auto cleaned = Cleanup(world.repository_dir(), kMinimumRetain, faulty);

    ASSERT_TRUE(cleaned) << cleaned.error().message();
    if (faulty.faults() == 0) {
      EXPECT_EQ(cleaned->removed.size(), 3u);  // The first build and the two oldest others.
      EXPECT_GT(cleaned->blobs_removed, 0);
      break;
    }
    ++faulted_runs;
    EXPECT_TRUE(!cleaned->failed.empty() || cleaned->blobs_failed > 0)  // (a)
        << "the fault was not reported";
    world.ExpectCurrentIntact({{current.build_id, Reference()}});  // (b)
    // The retained builds are still complete.
    for (size_t i = ids->size() - 1 - kMinimumRetain; i < ids->size(); ++i) {
      const fs::path dir = world.repository_dir() / repository::kBuildsDir / (*ids)[i];
      EXPECT_TRUE(repository::ValidateBuild(dir).ok()) << (*ids)[i];
    }
    world.ExpectUnfinishedBuildsRefused();  // (c)
    world.ExpectRecovery(Reference());      // (d)
    EXPECT_TRUE(Cleanup(world.repository_dir(), kMinimumRetain));
  }
  EXPECT_GT(faulted_runs, 3);
  EXPECT_LT(faulted_runs, kMaxFaults);
}

}  // namespace
}  // namespace wpp::deploy
