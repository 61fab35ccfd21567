// Golden-file test of a whole build over the five-package fixture database
// (testdata/fixture.sql). Regenerate after an intended output change with
//   WPP_UPDATE_GOLDEN=1 ctest -R GoldenTest
// and review the diff of src/repository/testdata/golden/.

#include <cstdlib>
#include <set>

#include "repository/export.h"
#include "repository/test_fixture.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;

const fs::path kTestdata = fs::path(WPP_SOURCE_DIR) / "src/repository/testdata";

std::set<std::string> FilesUnder(const fs::path& root) {
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files.insert(entry.path().lexically_relative(root).string());
    }
  }
  return files;
}

class GoldenTest : public RepositoryTest {};

TEST_F(GoldenTest, FixtureBuildMatchesTheGoldenTree) {
  Exec(Read(kTestdata / "fixture.sql"));
  BuildOptions options = Options();
  options.app_url = "https://app.example.com";

  const BuildResult build = MustBuild(options);

  // The build as a static tree (export) plus its bookkeeping files.
  const fs::path tree = tmp_.path() / "tree";
  ASSERT_TRUE(ExportBuild(build.dir, tree));
  for (std::string_view file : {kManifestJson, kIndexFile, kChangesFile}) {
    fs::copy_file(build.dir / file, tree / file);
  }
  const fs::path golden = kTestdata / "golden";
  const std::set<std::string> files = FilesUnder(tree);
  if (std::getenv("WPP_UPDATE_GOLDEN") != nullptr) {
    fs::remove_all(golden);
    for (const std::string& file : files) {
      fs::create_directories((golden / file).parent_path());
      fs::copy_file(tree / file, golden / file);
    }
    GTEST_SKIP() << "golden files rewritten in " << golden;
  }
  ASSERT_EQ(files, FilesUnder(golden));
  for (const std::string& file : files) {
    EXPECT_EQ(Read(tree / file), Read(golden / file)) << file;
  }
  EXPECT_EQ(build.packages_total, 5);
  EXPECT_EQ(build.artifact_count, 10);  // 8 p2 files, packages.json, manifest.json.
}

}  // namespace
}  // namespace wpp::repository
