#include "deploy/deploy.h"

#include <fstream>

#include <gtest/gtest.h>

#include "repository/build_index.h"
#include "repository/test_build_writer.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::deploy {
namespace {

namespace fs = std::filesystem;

class DeployTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.repository_dir = tmp_.path() / "repo";
    fs::create_directories(options_.repository_dir / "builds");
  }

  fs::path Dir(const std::string& id) { return options_.repository_dir / "builds" / id; }

  static void Write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  // A minimal valid build: both root files hold "{}"; no packages.
  void MakeBuild(const std::string& id) {
    repository::WriteTestBuild(options_.repository_dir, id, {});
  }

  std::string Current() {
    auto current = repository::CurrentBuild(options_.repository_dir);
    return current && current->has_value() ? (*current)->id : "";
  }

  int64_t ChangeRows(const std::string& action) {
    SQLite::Statement s(db_->sql(), "SELECT COUNT(*) FROM metadata_changes WHERE action = ?");
    s.bind(1, action);
    s.executeStep();
    return s.getColumn(0).getInt64();
  }

  testutil::TempDir tmp_;
  testutil::FakeClock clock_;
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  DeployOptions options_;
};

TEST_F(DeployTest, PromoteSwitchesCurrentToTheBuild) {  // DEP-01
  MakeBuild("20260313-140000");

  auto result = Promote(*db_, clock_, options_, "20260313-140000");

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(Current(), "20260313-140000");
  EXPECT_EQ(fs::read_symlink(options_.repository_dir / "current"), "builds/20260313-140000");
  EXPECT_TRUE(fs::exists(options_.repository_dir / "current/packages.json"));
}

TEST_F(DeployTest, BuildWithoutRootFilesIsRefused) {  // DEP-02, DEP-08
  fs::create_directories(Dir("20260313-140000"));
  EXPECT_FALSE(Promote(*db_, clock_, options_, "20260313-140000"));
  Write(Dir("20260313-140000") / "manifest.json", "{}");
  auto only_manifest = Promote(*db_, clock_, options_, "20260313-140000");
  ASSERT_FALSE(only_manifest);
  EXPECT_NE(only_manifest.error().message().find("packages.json missing"), std::string::npos);
  fs::remove(Dir("20260313-140000") / "manifest.json");
  Write(Dir("20260313-140000") / "packages.json", "{}");
  EXPECT_FALSE(Promote(*db_, clock_, options_, "20260313-140000"));
  Write(Dir("20260313-140000") / "manifest.json", "{}");
  auto no_index = Promote(*db_, clock_, options_, "20260313-140000");
  ASSERT_FALSE(no_index);
  EXPECT_NE(no_index.error().message().find("index.tsv"), std::string::npos);
  Write(Dir("20260313-140000") / "index.tsv", "");
  EXPECT_TRUE(Promote(*db_, clock_, options_, "20260313-140000"));
  EXPECT_EQ(Current(), "20260313-140000");
}

TEST_F(DeployTest, PromoteWithoutIdTakesTheNewestValidBuild) {
  MakeBuild("20260313-130000");
  MakeBuild("20260313-140000");
  MakeBuild("20260313-150000");
  Write(Dir("20260313-150000") / ".failed", "integrity validation failed");
  fs::create_directories(Dir("20260313-160000/p2"));  // Unfinished: no manifest.

  auto result = Promote(*db_, clock_, options_, "");

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->promoted.id, "20260313-140000");
  EXPECT_EQ(Current(), "20260313-140000");
}

TEST_F(DeployTest, FailedBuildIsNeverPromotedEvenByName) {
  MakeBuild("20260313-150000");
  Write(Dir("20260313-150000") / ".failed", "broken");

  auto result = Promote(*db_, clock_, options_, "20260313-150000");

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Current(), "");
}

TEST_F(DeployTest, NoBuildsIsAnError) {
  auto result = Promote(*db_, clock_, options_, "");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "no builds found");
}

TEST_F(DeployTest, MalformedOrUnknownIdsAreRefused) {
  EXPECT_EQ(Promote(*db_, clock_, options_, "../etc").error().code(),
            base::ErrorCode::kInvalidArgument);
  EXPECT_EQ(Promote(*db_, clock_, options_, "20260313-999999").error().code(),
            base::ErrorCode::kNotFound);
}

TEST_F(DeployTest, RollbackWithoutTargetGoesToThePreviousBuild) {  // DEP-03
  MakeBuild("20260313-130000");
  MakeBuild("20260313-140000");
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-140000"));

  auto result = Rollback(*db_, clock_, options_, "");

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->promoted.id, "20260313-130000");
  EXPECT_EQ(Current(), "20260313-130000");
  EXPECT_FALSE(Rollback(*db_, clock_, options_, ""));  // Nothing older.
}

TEST_F(DeployTest, RollbackToANamedBuild) {  // DEP-04
  for (const char* id : {"20260313-120000", "20260313-130000", "20260313-140000"}) {
    MakeBuild(id);
  }
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-140000"));

  auto result = Rollback(*db_, clock_, options_, "20260313-120000");

  ASSERT_TRUE(result);
  EXPECT_EQ(result->promoted.id, "20260313-120000");
  EXPECT_EQ(result->previous, "20260313-140000");
}

TEST_F(DeployTest, RollbackSkipsFailedBuilds) {
  MakeBuild("20260313-120000");
  MakeBuild("20260313-130000");
  Write(Dir("20260313-130000") / ".failed", "x");
  MakeBuild("20260313-140000");
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-140000"));

  auto result = Rollback(*db_, clock_, options_, "");

  ASSERT_TRUE(result);
  EXPECT_EQ(result->promoted.id, "20260313-120000");
}

TEST_F(DeployTest, CleanupKeepsCurrentAndTheFiveNewestOthers) {  // DEP-05
  const std::vector<std::string> ids = {"20260313-080000", "20260313-090000", "20260313-100000",
                                        "20260313-110000", "20260313-120000", "20260313-130000",
                                        "20260313-140000", "20260313-150000"};
  for (const std::string& id : ids) {
    MakeBuild(id);
  }
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-150000"));

  auto result = Cleanup(options_.repository_dir, 5);

  ASSERT_TRUE(result);
  EXPECT_EQ(result->removed, (std::vector<std::string>{"20260313-090000", "20260313-080000"}));
  EXPECT_EQ(repository::ListBuilds(options_.repository_dir / "builds")->size(), 6u);
}

TEST_F(DeployTest, CleanupRaisesRetainToTheMinimumAndNeverDeletesCurrent) {
  const std::vector<std::string> ids = {"20260313-080000", "20260313-090000", "20260313-100000",
                                        "20260313-110000", "20260313-120000", "20260313-130000",
                                        "20260313-140000", "20260313-150000"};
  for (const std::string& id : ids) {
    MakeBuild(id);
  }
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-080000"));  // Rolled far back.

  auto result = Cleanup(options_.repository_dir, 1);

  ASSERT_TRUE(result);
  EXPECT_EQ(result->retain, 5);
  EXPECT_EQ(result->removed, (std::vector<std::string>{"20260313-100000", "20260313-090000"}));
  EXPECT_EQ(Current(), "20260313-080000");
  EXPECT_TRUE(fs::exists(Dir("20260313-080000")));
}

TEST_F(DeployTest, CleanupWithNothingToDoRemovesNothing) {
  MakeBuild("20260313-080000");
  auto result = Cleanup(options_.repository_dir, 5);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->removed.empty());
}

TEST_F(DeployTest, ListIsSortedAndIgnoresOtherEntries) {  // DEP-06
  MakeBuild("20260313-140000");
  MakeBuild("20260313-130000");
  fs::create_directories(Dir("not-a-build"));

  auto ids = repository::ListBuilds(options_.repository_dir / "builds");

  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, (std::vector<std::string>{"20260313-130000", "20260313-140000"}));
}

TEST_F(DeployTest, LeftoverTemporaryLinkFromACrashIsReplaced) {
  MakeBuild("20260313-130000");
  MakeBuild("20260313-140000");
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-130000"));
  // A crash between symlink() and rename() leaves current.tmp behind.
  fs::create_directory_symlink("builds/20260313-999999", options_.repository_dir / "current.tmp");
  EXPECT_EQ(Current(), "20260313-130000");  // current is still whole.

  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-140000"));

  EXPECT_EQ(Current(), "20260313-140000");
  EXPECT_FALSE(fs::exists(fs::symlink_status(options_.repository_dir / "current.tmp")));
}

TEST_F(DeployTest, FailedRemoteSyncLeavesCurrentUnchanged) {
  MakeBuild("20260313-130000");
  MakeBuild("20260313-140000");
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-130000"));
  std::string seen_current;
  options_.remote_sync = [&](const BuildRef& target, const BuildRef* current) -> base::Status {
    seen_current = current ? current->id : "";
    EXPECT_EQ(target.id, "20260313-140000");
    return base::Error(base::ErrorCode::kUnavailable, "PUT p2/x.json: HTTP 503");
  };

  auto result = Promote(*db_, clock_, options_, "20260313-140000");

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "R2 sync failed: PUT p2/x.json: HTTP 503");
  EXPECT_EQ(seen_current, "20260313-130000");
  EXPECT_EQ(Current(), "20260313-130000");
}

TEST_F(DeployTest, RequiredRemoteSyncThatIsMissingFailsClearly) {
  MakeBuild("20260313-140000");
  options_.require_remote_sync = true;

  auto result = Promote(*db_, clock_, options_, "20260313-140000");

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Current(), "");
}

TEST_F(DeployTest, SuccessfulRemoteSyncRunsBeforePromotion) {
  MakeBuild("20260313-140000");
  options_.require_remote_sync = true;
  options_.remote_sync = [&](const BuildRef&, const BuildRef* current) -> base::Status {
    EXPECT_EQ(current, nullptr);
    EXPECT_EQ(Current(), "");  // Not promoted yet.
    return base::Status::Ok();
  };

  auto result = Promote(*db_, clock_, options_, "20260313-140000");

  ASSERT_TRUE(result);
  EXPECT_TRUE(result->synced);
  EXPECT_EQ(Current(), "20260313-140000");
}

TEST_F(DeployTest, ChangeListIsPublishedOnlyWhenTheDeploySucceeds) {
  MakeBuild("20260313-140000");
  repository::ChangeList changes{"", {"wp-plugin/a", "wp-plugin/b"}, {"wp-theme/gone"}};
  Write(Dir("20260313-140000") / "changes.json", repository::RenderChanges(changes));
  options_.remote_sync = [](const BuildRef&, const BuildRef*) -> base::Status {
    return base::Error(base::ErrorCode::kUnavailable, "down");
  };
  ASSERT_FALSE(Promote(*db_, clock_, options_, "20260313-140000"));
  EXPECT_EQ(ChangeRows("update") + ChangeRows("delete"), 0);
  options_.remote_sync = nullptr;

  auto result = Promote(*db_, clock_, options_, "20260313-140000");

  ASSERT_TRUE(result);
  EXPECT_EQ(result->changes_recorded, 3);
  EXPECT_EQ(ChangeRows("update"), 2);
  EXPECT_EQ(ChangeRows("delete"), 1);
}

TEST_F(DeployTest, ChangesAgainstAnotherBuildComeFromTheIndexes) {
  repository::WriteTestBuild(options_.repository_dir, "20260313-130000",
                             {{"p2/wp-plugin/kept.json", "a"},
                              {"p2/wp-plugin/kept~dev.json", "a"},
                              {"p2/wp-plugin/old.json", "a"},
                              {"p2/wp-plugin/old~dev.json", "a"},
                              {"p2/wp-plugin/same.json", "b"}});
  repository::WriteTestBuild(options_.repository_dir, "20260313-140000",
                             {{"p2/wp-plugin/kept.json", "b"},
                              {"p2/wp-plugin/kept~dev.json", "a"},
                              {"p2/wp-plugin/same.json", "b"}});
  // 140000's own change list was made against another base, so it is not used.
  Write(Dir("20260313-140000") / "changes.json",
        repository::RenderChanges({"20260313-120000", {"wp-plugin/x"}, {}}));
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-140000"));

  auto result = Promote(*db_, clock_, options_, "20260313-130000");

  ASSERT_TRUE(result);
  EXPECT_EQ(result->changes_recorded, 2);  // kept updated, old re-added; same unchanged.
}

TEST_F(DeployTest, CleanupDeletesOnlyBlobsNoRemainingBuildNames) {
  const std::vector<std::string> ids = {"20260313-080000", "20260313-090000", "20260313-100000",
                                        "20260313-110000", "20260313-120000", "20260313-130000",
                                        "20260313-140000"};
  for (const std::string& id : ids) {
    repository::WriteTestBuild(options_.repository_dir, id,
                               {{"p2/wp-plugin/shared.json", "same in every build"},
                                {"p2/wp-plugin/own.json", "only in " + id}});
  }
  ASSERT_TRUE(Promote(*db_, clock_, options_, ids.back()));
  const fs::path blobs = options_.repository_dir / "blobs";
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(2);
  for (const auto& entry : fs::recursive_directory_iterator(blobs)) {
    if (entry.is_regular_file()) {
      fs::last_write_time(entry.path(), old);
    }
  }
  // A blob of a build still being written: unreferenced, but young.
  auto store = repository::BlobStore::Open(blobs);
  ASSERT_TRUE(store);
  const repository::Hash128 young = repository::Hash128::Of("being written");
  ASSERT_TRUE((*store)->Put(young, "being written"));

  auto result = Cleanup(options_.repository_dir, 5);

  ASSERT_TRUE(result);
  EXPECT_EQ(result->removed, std::vector<std::string>{ids.front()});
  EXPECT_EQ(result->blobs_removed, 1);
  EXPECT_FALSE((*store)->Has(repository::Hash128::Of("only in " + ids.front())));
  EXPECT_TRUE((*store)->Has(repository::Hash128::Of("only in " + ids[1])));
  EXPECT_TRUE((*store)->Has(repository::Hash128::Of("same in every build")));
  EXPECT_TRUE((*store)->Has(young));
  for (size_t i = 1; i < ids.size(); ++i) {
    EXPECT_TRUE(repository::ValidateBuild(Dir(ids[i])).ok()) << ids[i];
  }
}

TEST_F(DeployTest, ABuildWhoseBlobsAreGoneIsNotPromoted) {
  repository::WriteTestBuild(options_.repository_dir, "20260313-140000",
                             {{"p2/wp-plugin/a.json", "A"}});
  fs::remove_all(options_.repository_dir / "blobs");

  auto result = Promote(*db_, clock_, options_, "20260313-140000");

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kFailedPrecondition);
  EXPECT_NE(result.error().message().find("p2/wp-plugin/a.json"), std::string::npos)
      << result.error().message();
  EXPECT_EQ(Current(), "");
}

TEST_F(DeployTest, OldChangeRowsArePruned) {
  SQLite::Statement insert(db_->sql(),
                           "INSERT INTO metadata_changes (package_name, action, timestamp,"
                           " build_id) VALUES ('wp-plugin/old', 'update', ?, 'x')");
  insert.bind(1, static_cast<int64_t>(base::UnixMillis(clock_.Now()) - 25 * 3600 * 1000));
  insert.exec();
  MakeBuild("20260313-140000");
  Write(Dir("20260313-140000") / "changes.json",
        repository::RenderChanges({"", {"wp-plugin/new"}, {}}));

  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-140000"));

  EXPECT_EQ(ChangeRows("update"), 1);
}

// docs/behaviour.md §8.7: deploy re-hashes the blobs the target adds.
TEST_F(DeployTest, ABuildWithAnAlteredBlobIsNotPromoted) {
  repository::WriteTestBuild(options_.repository_dir, "20260313-130000",
                             {{"p2/wp-plugin/a.json", "A"}});
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-130000"));
  repository::WriteTestBuild(options_.repository_dir, "20260313-140000",
                             {{"p2/wp-plugin/a.json", "A"}, {"p2/wp-plugin/b.json", "B"}});
  const fs::path blob =
      repository::BlobPath(options_.repository_dir / "blobs", repository::Hash128::Of("B"));
  Write(blob, "b, altered");

  auto result = Promote(*db_, clock_, options_, "20260313-140000");

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kFailedPrecondition);
  EXPECT_NE(result.error().message().find("p2/wp-plugin/b.json"), std::string::npos)
      << result.error().message();
  EXPECT_NE(result.error().message().find("build --force"), std::string::npos);
  EXPECT_EQ(Current(), "20260313-130000");
  // Without an id, the newest build that validates is also content-checked.
  EXPECT_FALSE(Promote(*db_, clock_, options_, ""));
  EXPECT_EQ(Current(), "20260313-130000");

  Write(blob, "B");  // Repaired (as `build --force` does): now it deploys.
  EXPECT_TRUE(Promote(*db_, clock_, options_, "20260313-140000"));
  EXPECT_EQ(Current(), "20260313-140000");
}

TEST_F(DeployTest, RollbackChecksTheBlobsTheCurrentBuildDoesNotHave) {
  repository::WriteTestBuild(options_.repository_dir, "20260313-130000",
                             {{"p2/wp-plugin/a.json", "old A"}, {"p2/wp-plugin/s.json", "S"}});
  repository::WriteTestBuild(options_.repository_dir, "20260313-140000",
                             {{"p2/wp-plugin/a.json", "new A"}, {"p2/wp-plugin/s.json", "S"}});
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-140000"));
  const fs::path blobs = options_.repository_dir / "blobs";
  Write(repository::BlobPath(blobs, repository::Hash128::Of("old A")), "tampered");

  auto rolled = Rollback(*db_, clock_, options_, "");

  ASSERT_FALSE(rolled);
  EXPECT_NE(rolled.error().message().find("p2/wp-plugin/a.json"), std::string::npos)
      << rolled.error().message();
  EXPECT_EQ(Current(), "20260313-140000");
  // A blob both builds share was checked when the current build was promoted:
  // cost follows change, so it is not read again (verify checks everything).
  Write(repository::BlobPath(blobs, repository::Hash128::Of("old A")), "old A");
  Write(repository::BlobPath(blobs, repository::Hash128::Of("S")), "not S");
  EXPECT_TRUE(Rollback(*db_, clock_, options_, ""));
  EXPECT_EQ(Current(), "20260313-130000");
}

// docs/behaviour.md §8.8: failed builds never hold retention slots.
TEST_F(DeployTest, CleanupRemovesFailedBuildsAndKeepsFiveGoodOnes) {
  const std::vector<std::string> good = {"20260313-080000", "20260313-090000", "20260313-100000",
                                         "20260313-110000", "20260313-120000", "20260313-130000"};
  for (const std::string& id : good) {
    MakeBuild(id);
  }
  ASSERT_TRUE(Promote(*db_, clock_, options_, "20260313-080000"));
  // Newer builds interrupted by Ctrl-C: marked failed, no manifest.
  const std::vector<std::string> failed = {"20260313-140000", "20260313-150000", "20260313-160000"};
  for (const std::string& id : failed) {
    fs::create_directories(Dir(id));
    Write(Dir(id) / ".failed", "interrupted");
  }
  // Unfinished without a marker (killed): removed once old, kept while young.
  fs::create_directories(Dir("20260313-170000"));
  fs::last_write_time(Dir("20260313-170000"),
                      fs::file_time_type::clock::now() - std::chrono::hours(2));
  fs::create_directories(Dir("20260313-180000"));

  auto result = Cleanup(options_.repository_dir, 5);

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->unusable_removed, 4);
  for (const std::string& id : failed) {
    EXPECT_FALSE(fs::exists(Dir(id))) << id;
  }
  EXPECT_FALSE(fs::exists(Dir("20260313-170000")));
  EXPECT_TRUE(fs::exists(Dir("20260313-180000")));  // May be running now.
  for (const std::string& id : good) {
    EXPECT_TRUE(fs::exists(Dir(id))) << id;  // Current + five good ones.
  }
}

}  // namespace
}  // namespace wpp::deploy
