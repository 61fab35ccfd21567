#include "repository/build_index.h"

#include <fstream>

#include <gtest/gtest.h>

#include "repository/root_files.h"
#include "testutil/test_db.h"

namespace wpp::repository {
namespace {

const Hash128 kA{0xaaaaaaaaaaaaaaaa, 0xaaaaaaaaaaaaaaaa};
const Hash128 kB{0xbbbbbbbbbbbbbbbb, 0xbbbbbbbbbbbbbbbb};
const std::string kHexA(32, 'a');
const std::string kHexB(32, 'b');

TEST(BuildIndexTest, RendersAndReadsBack) {
  testutil::TempDir tmp;
  const std::vector<IndexLine> lines = {{"wp-plugin/a", {kA, kB, kA}},
                                        {"wp-theme/t", {kB, kA, std::nullopt}}};
  std::ofstream(tmp.file("index.tsv")) << RenderIndex(lines);

  auto index = ReadIndex(tmp.file("index.tsv"));

  ASSERT_TRUE(index);
  ASSERT_EQ(index->size(), 2u);
  EXPECT_EQ(index->at("wp-plugin/a").main, kB);
  EXPECT_TRUE(index->at("wp-plugin/a").dev);
  EXPECT_FALSE(index->at("wp-theme/t").dev);
  EXPECT_EQ(RenderIndex(lines), "wp-plugin/a\t" + kHexA + "\t" + kHexB + "\t" + kHexA +
                                    "\nwp-theme/t\t" + kHexB + "\t" + kHexA + "\t-\n");
}

TEST(BuildIndexTest, MalformedOrMissingIndexIsAnError) {
  testutil::TempDir tmp;
  std::ofstream(tmp.file("index.tsv")) << "wp-plugin/a\tshort\t" << kHexA << "\t-\n";
  EXPECT_EQ(ReadIndex(tmp.file("index.tsv")).error().code(), base::ErrorCode::kDataLoss);
  EXPECT_EQ(ReadIndex(tmp.file("none.tsv")).error().code(), base::ErrorCode::kNotFound);
}

TEST(BuildIndexTest, HashHexRoundTrips) {
  const Hash128 h = Hash128::Of("hello");
  EXPECT_EQ(Hash128::FromHex(h.Hex()), h);
  EXPECT_EQ((Hash128{1, 2}.Hex()), "00000000000000010000000000000002");
  EXPECT_FALSE(Hash128::FromHex("xyz"));
  EXPECT_FALSE(Hash128::FromHex(std::string(32, 'A')));
}

TEST(BuildIndexTest, ChangesRoundTrip) {
  testutil::TempDir tmp;
  const ChangeList changes{"20260313-140000", {"wp-plugin/a", "wp-plugin/b"}, {"wp-theme/x"}};
  std::ofstream(tmp.file("changes.json")) << RenderChanges(changes);

  auto read = ReadChanges(tmp.file("changes.json"));

  ASSERT_TRUE(read);
  EXPECT_EQ(read->base_build, changes.base_build);
  EXPECT_EQ(read->updated, changes.updated);
  EXPECT_EQ(read->deleted, changes.deleted);
  EXPECT_EQ(RenderChanges(changes), R"({"base_build":"20260313-140000","delete":["wp-theme/x"],)"
                                    R"("update":["wp-plugin/a","wp-plugin/b"]})");
}

TEST(BuildIndexTest, DiffComparesOutputHashes) {
  const BuildIndex from = {{"same", {kA, kA, std::nullopt}},
                           {"input-only", {kA, kA, std::nullopt}},
                           {"changed", {kA, kA, kA}},
                           {"gone", {kA, kA, std::nullopt}}};
  const BuildIndex to = {{"same", {kA, kA, std::nullopt}},
                         {"input-only", {kB, kA, std::nullopt}},
                         {"changed", {kA, kA, kB}},
                         {"new", {kA, kA, std::nullopt}}};

  const ChangeList changes = DiffIndexes(from, to);

  EXPECT_EQ(changes.updated, (std::vector<std::string>{"changed", "new"}));
  EXPECT_EQ(changes.deleted, std::vector<std::string>{"gone"});
}

TEST(RootFilesTest, PackagesJsonWithoutAppUrlIsThePrettyTemplate) {
  const std::string json = RenderPackagesJson("");
  EXPECT_EQ(json.back(), '\n');
  EXPECT_NE(json.find(R"("notify-batch": "/downloads")"), std::string::npos);
  EXPECT_NE(json.find(R"("list": "/packages/list.json")"), std::string::npos);
  EXPECT_EQ(json.find("providers"), std::string::npos);
  EXPECT_NE(json.find(R"("security-advisories": {"metadata": true})"), std::string::npos);
}

TEST(RootFilesTest, PackagesJsonWithAppUrlIsCanonicalAndAbsolute) {
  EXPECT_EQ(
      RenderPackagesJson("https://wp-packages.org/"),
      R"({"available-package-patterns":["wp-plugin/*","wp-theme/*"],)"
      R"("list":"https://wp-packages.org/packages/list.json",)"
      R"("metadata-changes-url":"https://wp-packages.org/metadata/changes.json",)"
      R"("metadata-url":"/p2/%package%.json","notify-batch":"https://wp-packages.org/downloads",)"
      R"("search":"https://wp-packages.org/search.json?q=%query%\u0026type=%type%",)"
      R"("security-advisories":{"api-url":"https://wp-packages.org/api/security-advisories/",)"
      R"("metadata":true},)"
      R"("warning":"Support for Composer 1 is no longer available. Upgrade to Composer 2. )"
      R"(See https://blog.packagist.com/shutting-down-packagist-org-support-for-composer-1-x/",)"
      R"("warning-versions":"\u003c1.999"})");
}

TEST(RootFilesTest, ManifestKeysAreSortedAndSnapshotIdOptional) {
  Manifest m;
  m.build_id = "20260313-140000";
  m.packages_total = 2;
  const std::string without = RenderManifest(m);
  EXPECT_EQ(without.find("db_snapshot_id"), std::string::npos);
  m.snapshot_id = 7;
  const std::string with = RenderManifest(m);
  EXPECT_NE(with.find(R"("db_snapshot_id":7)"), std::string::npos);
  EXPECT_LT(with.find("artifact_count"), with.find("build_id"));
  EXPECT_LT(with.find("root_hash"), with.find("started_at"));
}

}  // namespace
}  // namespace wpp::repository
