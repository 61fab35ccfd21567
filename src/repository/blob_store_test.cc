// The blob store, reading builds through their index, and export.

#include "repository/blob_store.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "repository/build_files.h"
#include "repository/export.h"
#include "repository/test_build_writer.h"
#include "testutil/test_db.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

ino_t Inode(const fs::path& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

void Age(const fs::path& path) {
  fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(2));
}

class BlobStoreTest : public ::testing::Test {
 protected:
  fs::path Repo() const { return tmp_.path() / "repo"; }
  fs::path Blobs() const { return Repo() / "blobs"; }
  std::unique_ptr<BlobStore> Open() {
    auto store = BlobStore::Open(Blobs());
    EXPECT_TRUE(store) << store.error().message();
    return store ? std::move(store).value() : nullptr;
  }
  size_t FilesIn(const fs::path& dir) {
    size_t n = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      n += entry.is_regular_file() ? 1 : 0;
    }
    return n;
  }

  testutil::TempDir tmp_;
};

TEST(P2KeyTest, RoundTripsAndRejectsOtherPaths) {
  EXPECT_EQ(P2Key("wp-plugin/akismet", false), "p2/wp-plugin/akismet.json");
  EXPECT_EQ(P2Key("wp-plugin/akismet", true), "p2/wp-plugin/akismet~dev.json");
  auto dev = ParseP2Key("p2/wp-plugin/akismet~dev.json");
  ASSERT_TRUE(dev);
  EXPECT_EQ(dev->name, "wp-plugin/akismet");
  EXPECT_TRUE(dev->dev);
  auto main = ParseP2Key("p2/wp-theme/astra.json");
  ASSERT_TRUE(main);
  EXPECT_EQ(main->name, "wp-theme/astra");
  EXPECT_FALSE(main->dev);
  for (const char* key : {"p2/.json", "p2/~dev.json", "packages.json", "p2/wp-plugin/a.txt", ""}) {
    EXPECT_FALSE(ParseP2Key(key)) << key;
  }
}

TEST_F(BlobStoreTest, PutStoresTheBytesUnderTheirHash) {
  auto store = Open();
  const Hash128 hash = Hash128::Of("{\"a\":1}");

  ASSERT_TRUE(store->Put(hash, "{\"a\":1}"));

  const fs::path path = BlobPath(Blobs(), hash);
  EXPECT_EQ(path.parent_path().filename(), hash.Hex().substr(0, 1));
  EXPECT_EQ(Read(path), "{\"a\":1}");
  EXPECT_TRUE(store->Has(hash));
  EXPECT_FALSE(store->Has(Hash128::Of("other")));
}

TEST_F(BlobStoreTest, PutReplacesATornFileWholeAndLeavesNoTemporaryFile) {
  auto store = Open();
  const Hash128 hash = Hash128::Of("the whole document");
  std::ofstream(BlobPath(Blobs(), hash)) << "the wh";  // A crash cut this write short.

  ASSERT_TRUE(store->Put(hash, "the whole document"));

  EXPECT_EQ(Read(BlobPath(Blobs(), hash)), "the whole document");
  EXPECT_EQ(FilesIn(Blobs()), 1u);
}

TEST_F(BlobStoreTest, ListBlobsNamesOnlyBlobs) {
  auto store = Open();
  ASSERT_TRUE(store->Put(Hash128::Of("x"), "x"));
  std::ofstream(Blobs() / "0" / "notes.txt") << "not a blob";

  auto listed = ListBlobs(Blobs());

  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1u);
  EXPECT_TRUE(listed->contains(Hash128::Of("x")));
}

TEST_F(BlobStoreTest, CollectRemovesOldUnreferencedBlobsAndStaleTemporaryFiles) {
  WriteTestBuild(Repo(), "20260101-000000", {{"p2/wp-plugin/a.json", "kept"}});
  auto store = Open();
  ASSERT_TRUE(store->Put(Hash128::Of("orphan"), "orphan"));
  ASSERT_TRUE(store->Put(Hash128::Of("young orphan"), "young orphan"));
  const fs::path temp = Blobs() / "a" / "abc.json.1.2.tmp";
  std::ofstream(temp) << "half";
  for (const fs::path& path :
       {BlobPath(Blobs(), Hash128::Of("kept")), BlobPath(Blobs(), Hash128::Of("orphan")), temp}) {
    Age(path);
  }

  auto collected = CollectBlobs(Repo(), std::chrono::hours(1));

  ASSERT_TRUE(collected) << collected.error().message();
  EXPECT_EQ(collected->removed, 2);
  EXPECT_EQ(collected->referenced, 1);
  EXPECT_EQ(collected->kept_young, 1);
  EXPECT_TRUE(store->Has(Hash128::Of("kept")));
  EXPECT_FALSE(store->Has(Hash128::Of("orphan")));
  EXPECT_TRUE(store->Has(Hash128::Of("young orphan")));
  EXPECT_FALSE(fs::exists(temp));
}

TEST_F(BlobStoreTest, AnUnreadableIndexStopsCollectionBeforeAnythingIsDeleted) {
  WriteTestBuild(Repo(), "20260101-000000", {{"p2/wp-plugin/a.json", "a"}});
  std::ofstream(Repo() / "builds/20260101-000000/index.tsv") << "garbage without tabs\n";
  Age(BlobPath(Blobs(), Hash128::Of("a")));

  auto collected = CollectBlobs(Repo(), std::chrono::hours(1));

  ASSERT_FALSE(collected);
  EXPECT_EQ(collected.error().code(), base::ErrorCode::kDataLoss);
  EXPECT_TRUE(fs::exists(BlobPath(Blobs(), Hash128::Of("a"))));
}

TEST_F(BlobStoreTest, BuildFilesResolvesKeysThroughTheIndex) {
  WriteTestBuild(Repo(), "20260101-000000",
                 {{"p2/wp-plugin/b.json", "B"},
                  {"p2/wp-plugin/b~dev.json", "Bdev"},
                  {"p2/wp-theme/a.json", "A"}});

  auto files = BuildFiles::Open(Repo() / "builds/20260101-000000");

  ASSERT_TRUE(files) << files.error().message();
  const auto dev = files->Find("p2/wp-plugin/b~dev.json");
  ASSERT_TRUE(dev);
  EXPECT_EQ(Read(files->PathOf(*dev)), "Bdev");
  EXPECT_EQ(files->PathStringOf(*dev), files->PathOf(*dev).string());
  EXPECT_FALSE(files->Find("p2/wp-theme/a~dev.json"));
  EXPECT_FALSE(files->Find("p2/wp-plugin/missing.json"));
  EXPECT_FALSE(files->Find("p2/../../etc/passwd.json"));
  std::vector<std::string> keys;
  for (const auto& file : files->List()) {
    keys.push_back(file.key);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"p2/wp-plugin/b.json", "p2/wp-plugin/b~dev.json",
                                            "p2/wp-theme/a.json"}));
  EXPECT_TRUE(files->CheckBlobs().ok());

  fs::remove(BlobPath(Blobs(), Hash128::Of("Bdev")));
  const base::Status check = files->CheckBlobs();
  ASSERT_FALSE(check.ok());
  EXPECT_NE(check.error().message().find("1 p2 files have no blob"), std::string::npos);
  EXPECT_NE(check.error().message().find("p2/wp-plugin/b~dev.json"), std::string::npos);
}

TEST_F(BlobStoreTest, ExportWritesAStaticTreeOfLinksToTheBlobs) {
  WriteTestBuild(Repo(), "20260101-000000",
                 {{"p2/wp-plugin/b.json", "B"}, {"p2/wp-theme/a.json", "A"}},
                 R"({"metadata-url":"/p2/%package%.json"})");
  const fs::path out = tmp_.path() / "tree";

  auto exported = ExportBuild(Repo() / "builds/20260101-000000", out);

  ASSERT_TRUE(exported) << exported.error().message();
  EXPECT_EQ(exported->files, 3);
  EXPECT_EQ(exported->linked, 2);
  EXPECT_EQ(Read(out / "p2/wp-plugin/b.json"), "B");
  EXPECT_EQ(Inode(out / "p2/wp-theme/a.json"), Inode(BlobPath(Blobs(), Hash128::Of("A"))));
  EXPECT_EQ(Read(out / "packages.json"), R"({"metadata-url":"/p2/%package%.json"})");
  EXPECT_EQ(FilesIn(out), 3u);

  auto again = ExportBuild(Repo() / "builds/20260101-000000", out);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), base::ErrorCode::kFailedPrecondition);
}

TEST_F(BlobStoreTest, ExportRefusesABuildThatDoesNotValidate) {
  WriteTestBuild(Repo(), "20260101-000000", {{"p2/wp-plugin/b.json", "B"}});
  fs::remove(Repo() / "builds/20260101-000000/manifest.json");

  auto exported = ExportBuild(Repo() / "builds/20260101-000000", tmp_.path() / "tree");

  ASSERT_FALSE(exported);
  EXPECT_FALSE(fs::exists(tmp_.path() / "tree"));
}

}  // namespace
}  // namespace wpp::repository
