// Shared fixture of the repository tests: a migrated in-memory database, a
// fake clock, a temporary repository directory, and helpers to insert
// packages and run builds. Test-only; not part of the library.

#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "repository/build.h"
#include "repository/build_dir.h"
#include "repository/build_files.h"
#include "repository/build_index.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::repository {

class RepositoryTest : public ::testing::Test {
 protected:
  std::filesystem::path RepositoryDir() const { return tmp_.path() / "repository"; }
  std::filesystem::path BuildsDir() const { return RepositoryDir() / "builds"; }

  BuildOptions Options() const {
    BuildOptions options;
    options.output_dir = BuildsDir();
    options.durable = false;
    return options;
  }

  // Inserts an active package; returns its id.
  int64_t AddPackage(const std::string& type, const std::string& name,
                     const std::string& versions_json, const std::string& last_committed = "",
                     int64_t trunk_revision = 0) {
    SQLite::Statement s(db_->sql(),
                        "INSERT INTO packages (type, name, versions_json, is_active,"
                        " last_committed, trunk_revision, last_sync_run_id, created_at,"
                        " updated_at) VALUES (?, ?, ?, 1, ?, ?, 1, 'x', 'x')");
    s.bind(1, type);
    s.bind(2, name);
    s.bind(3, versions_json);
    if (last_committed.empty()) {
      s.bind(4);
    } else {
      s.bind(4, last_committed);
    }
    if (trunk_revision == 0) {
      s.bind(5);
    } else {
      s.bind(5, trunk_revision);
    }
    s.exec();
    return db_->sql().getLastInsertRowid();
  }

  void Exec(const std::string& sql) { db_->sql().exec(sql); }

  // Builds, advancing the clock first so each build gets its own id.
  BuildResult MustBuild(BuildOptions options) {
    clock_.Advance(std::chrono::seconds(60));
    auto result = Build(*db_, clock_, options);
    EXPECT_TRUE(result) << result.error().message();
    return result ? std::move(result).value() : BuildResult{};
  }
  BuildResult MustBuild() { return MustBuild(Options()); }

  // Points `current` at a build, as deploy would.
  void Promote(const BuildResult& build) {
    std::error_code ec;
    std::filesystem::remove(RepositoryDir() / "current", ec);
    std::filesystem::create_directory_symlink("builds/" + build.build_id,
                                              RepositoryDir() / "current");
  }

  static std::string Read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  // A build's p2/<file> ("wp-plugin/akismet.json"), parsed.
  static nlohmann::json P2(const BuildResult& build, const std::string& file) {
    return nlohmann::json::parse(Read(P2Path(build, file)));
  }

  static ChangeList Changes(const BuildResult& build) {
    auto changes = ReadChanges(build.dir / kChangesFile);
    EXPECT_TRUE(changes);
    return changes ? *changes : ChangeList{};
  }

  static ino_t Inode(const std::filesystem::path& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
  }

  // Where `build` keeps p2/<file> ("wp-plugin/akismet.json"): the blob its
  // index names; a path that does not exist when it names none. Builds that
  // share a file share its blob.
  static std::filesystem::path P2Path(const BuildResult& build, const std::string& file) {
    auto files = BuildFiles::Open(build.dir);
    const auto hash = files ? files->Find("p2/" + file) : std::nullopt;
    return hash ? files->PathOf(*hash) : build.dir / "no-such-file" / file;
  }

  testutil::TempDir tmp_;
  testutil::FakeClock clock_;
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
};

}  // namespace wpp::repository
