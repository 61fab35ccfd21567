// Content checks (docs/behaviour.md §7.6, docs/behaviour.md §8.7): what a
// build vouches for, re-hashing reused blobs when the base does not vouch,
// and VerifyBuilds naming each bad file.

#include "repository/verify.h"

#include <fstream>

#include "repository/build.h"
#include "repository/build_dir.h"
#include "repository/root_files.h"
#include "repository/test_fixture.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;

class VerifyTest : public RepositoryTest {
 protected:
  static void Overwrite(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }
  // Rewrites a build's manifest as a build made before blobs_verified existed.
  static void DropVouch(const BuildResult& build) {
    std::string manifest = Read(build.dir / kManifestJson);
    const std::string member = ",\"blobs_verified\":true";
    manifest.erase(manifest.find(member), member.size());
    Overwrite(build.dir / kManifestJson, manifest);
  }
  static void ExpectAllGood(const fs::path& build_dir) {
    auto report = VerifyBuilds({build_dir});
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_TRUE(report->bad.empty()) << report->bad.front().key;
  }
};

TEST_F(VerifyTest, EveryBuildVouchesForItsBlobs) {
  AddPackage("plugin", "a", R"({"1.0":"u"})");
  const BuildResult first = MustBuild();

  EXPECT_TRUE(ManifestVouchesForBlobs(Read(first.dir / kManifestJson)));
  auto report = VerifyBuilds({first.dir});
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->builds, 1);
  EXPECT_EQ(report->blobs, 2);  // a.json and a~dev.json
  EXPECT_TRUE(report->bad.empty());
}

TEST_F(VerifyTest, ReusedBlobsAreTrustedOnlyWhenTheBaseVouchesForThem) {
  AddPackage("plugin", "a", R"({"1.0":"u"})", "2024-01-01T00:00:00Z");
  AddPackage("plugin", "b", R"({"1.0":"u"})", "2024-01-01T00:00:00Z");
  const BuildResult first = MustBuild();
  Promote(first);
  const std::string good = Read(P2Path(first, "wp-plugin/a.json"));

  // The base vouches: a second build reads no blob.
  const BuildResult trusting = MustBuild();
  EXPECT_EQ(trusting.blobs_verified, 0);
  EXPECT_EQ(trusting.packages_reused, 2);
  Promote(trusting);

  // A base that does not vouch (made by an older binary): every reused blob
  // is re-hashed once, and one that fails is written again.
  DropVouch(trusting);
  Overwrite(P2Path(first, "wp-plugin/a.json"), "tampered");
  const BuildResult checking = MustBuild();

  // a.json fails first, so a's package is serialised without reading a~dev.json.
  EXPECT_EQ(checking.blobs_verified, 3);
  EXPECT_EQ(checking.blobs_repaired, 1);
  EXPECT_EQ(checking.packages_changed, 0);
  EXPECT_EQ(Read(P2Path(checking, "wp-plugin/a.json")), good);
  EXPECT_TRUE(ManifestVouchesForBlobs(Read(checking.dir / kManifestJson)));
  ExpectAllGood(checking.dir);
}

TEST_F(VerifyTest, VerifyNamesEachBadFileOfEachBuild) {
  AddPackage("plugin", "a", R"({"1.0":"u"})", "2024-01-01T00:00:00Z");
  AddPackage("plugin", "b", R"({"2.0":"u"})", "2024-01-01T00:00:00Z");
  const BuildResult first = MustBuild();
  Promote(first);
  Exec("UPDATE packages SET versions_json = '{\"2.1\":\"v\"}' WHERE name = 'b'");
  const BuildResult second = MustBuild();
  Overwrite(P2Path(first, "wp-plugin/a.json"), "tampered");  // Shared by both builds.
  fs::remove(P2Path(second, "wp-plugin/b.json"));            // Only the second's.
  Overwrite(second.dir / kPackagesJson, "{}");

  auto report = VerifyBuilds({first.dir, second.dir});

  ASSERT_TRUE(report) << report.error().message();
  EXPECT_EQ(report->builds, 2);
  std::vector<std::string> bad;
  for (const BadFile& file : report->bad) {
    bad.push_back(file.build_id + " " + file.key + ": " + file.problem);
  }
  EXPECT_EQ(
      bad, (std::vector<std::string>{
               first.build_id + " p2/wp-plugin/a.json: content does not match its name",
               second.build_id + " packages.json: SHA-256 does not match manifest.json's root_hash",
               second.build_id + " p2/wp-plugin/a.json: content does not match its name",
               second.build_id + " p2/wp-plugin/b.json: missing",
           }))
      << ::testing::PrintToString(bad);
  EXPECT_FALSE(VerifyBuilds({first.dir.parent_path() / "20990101-000000"}));
}

TEST_F(VerifyTest, AddedBlobsAreCheckedAgainstTheTrustedIndex) {
  AddPackage("plugin", "a", R"({"1.0":"u"})", "2024-01-01T00:00:00Z");
  const BuildResult first = MustBuild();
  Promote(first);
  Exec("UPDATE packages SET versions_json = '{\"1.1\":\"v\"}' WHERE name = 'a'");
  const BuildResult second = MustBuild();
  const BuildIndex trusted = *ReadIndex(first.dir / kIndexFile);

  int64_t checked = 0;
  EXPECT_TRUE(VerifyAddedBlobs(second.dir, &trusted, io::FileSystem::Default(), &checked).ok());
  EXPECT_EQ(checked, 1);  // a~dev.json (trunk) is the same blob in both builds.
  Overwrite(P2Path(second, "wp-plugin/a.json"), "x");

  const base::Status status = VerifyAddedBlobs(second.dir, &trusted);

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), base::ErrorCode::kFailedPrecondition);
  EXPECT_NE(status.error().message().find("p2/wp-plugin/a.json"), std::string::npos)
      << status.error().message();
}

// docs/behaviour.md §7.5: on a base, validation stats only what the build wrote.
TEST_F(VerifyTest, ABlobWrittenThenLostFailsTheIncrementalBuild) {
  AddPackage("plugin", "a", R"({"1.0":"u"})", "2024-01-01T00:00:00Z");
  AddPackage("plugin", "b", R"({"1.0":"u"})", "2024-01-01T00:00:00Z");
  Promote(MustBuild());
  Exec("UPDATE packages SET versions_json = '{\"1.1\":\"v\"}' WHERE name = 'b'");
  BuildOptions options = Options();
  options.before_validation_for_test = [](const fs::path& dir) {
    auto files = BuildFiles::Open(dir);
    ASSERT_TRUE(files);
    fs::remove(files->PathOf(*files->Find("p2/wp-plugin/b.json")));
  };
  clock_.Advance(std::chrono::seconds(60));

  auto result = Build(*db_, clock_, options);

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kDataLoss);
  EXPECT_NE(result.error().message().find("have no blob"), std::string::npos)
      << result.error().message();
}

}  // namespace
}  // namespace wpp::repository
