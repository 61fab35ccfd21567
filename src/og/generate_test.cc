#include "og/generate.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "og/og_store.h"
#include "testutil/fake_clock.h"
#include "testutil/fake_object_store.h"
#include "testutil/test_db.h"

namespace wpp::og {
namespace {

namespace fs = std::filesystem;

class GenerateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testutil::OpenTestDatabase();
    Add("plugin", "akismet", "Akismet Anti-spam", 5'000'000, 120, true);
    Add("theme", "astra", "Astra", 1'000'000, 0, true);
    Add("plugin", "gone", "Closed plugin", 10, 0, false);
  }

  void Add(const std::string& type, const std::string& name, const std::string& display,
           int64_t active, int64_t composer, bool is_active) {
    SQLite::Statement q(db_->sql(),
                        "INSERT INTO packages (type, name, display_name, description, "
                        "current_version, active_installs, wp_packages_installs_total, is_active, "
                        "created_at, updated_at) VALUES (?, ?, ?, 'A description.', '1.0.0', ?, "
                        "?, ?, 'now', 'now')");
    q.bind(1, type);
    q.bind(2, name);
    q.bind(3, display);
    q.bind(4, active);
    q.bind(5, composer);
    q.bind(6, is_active ? 1 : 0);
    q.exec();
  }

  void Set(const std::string& name, const std::string& assignment) {
    db_->sql().exec("UPDATE packages SET " + assignment + " WHERE name = '" + name + "'");
  }

  GenerateResult Run(GenerateOptions options = {}, ImageSink* sink = nullptr) {
    options.workers = options.workers > 0 ? options.workers : 2;
    auto result = Generate(*db_, clock_, sink != nullptr ? *sink : local_, options);
    EXPECT_TRUE(result.ok()) << result.error().message();
    return result.ok() ? *result : GenerateResult{};
  }

  std::string Read(const std::string& key) {
    std::ifstream in(dir_.path() / key, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::unique_ptr<db::Database> db_;
  testutil::FakeClock clock_;
  testutil::TempDir dir_;
  LocalImageDir local_{dir_.path()};
};

TEST_F(GenerateTest, DrawsActivePackagesThenNothing) {
  GenerateResult first = Run();
  EXPECT_EQ(first.generated, 2);
  EXPECT_EQ(first.skipped, 0);
  EXPECT_EQ(first.errors, 0);
  EXPECT_TRUE(first.default_written);
  for (const char* key :
       {"social/default.png", "social/plugin/akismet.png", "social/theme/astra.png"}) {
    const std::string png = Read(key);
    EXPECT_EQ(png.substr(0, 4), "\x89PNG") << key;
    EXPECT_EQ(fs::status(dir_.path() / key).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                  fs::perms::others_read);
  }
  EXPECT_FALSE(fs::exists(dir_.path() / "social/plugin/gone.png"));
  const auto written = fs::last_write_time(dir_.path() / "social/plugin/akismet.png");

  GenerateResult second = Run();
  EXPECT_EQ(second.generated, 0);
  EXPECT_EQ(second.skipped, 0);
  EXPECT_FALSE(second.default_written);
  EXPECT_EQ(fs::last_write_time(dir_.path() / "social/plugin/akismet.png"), written);

  // No temporary file is left behind.
  for (const auto& entry : fs::recursive_directory_iterator(dir_.path())) {
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
  }
}

TEST_F(GenerateTest, OnlyAChangedComposerBucketDrawsAgain) {
  Run();
  Set("akismet", "wp_packages_installs_total = 150");  // 100+ → 100+.
  GenerateResult same_bucket = Run();
  EXPECT_EQ(same_bucket.generated, 0);
  EXPECT_EQ(same_bucket.skipped, 1);
  EXPECT_EQ(Run().skipped, 0) << "the compared count was not kept";

  Set("akismet", "active_installs = 7, description = 'new', current_version = '9.9'");
  EXPECT_EQ(Run().generated, 0);

  Set("akismet", "wp_packages_installs_total = 1500");  // 100+ → 2k.
  GenerateResult changed = Run();
  EXPECT_EQ(changed.generated, 1);
  EXPECT_EQ(changed.skipped, 0);

  Add("plugin", "newcomer", "", 1, 0, true);
  EXPECT_EQ(Run().generated, 1);
}

TEST_F(GenerateTest, ForceAndOnePackage) {
  Run();
  GenerateResult forced = Run({.force = true});
  EXPECT_EQ(forced.generated, 2);
  EXPECT_TRUE(forced.default_written);

  GenerateResult one = Run({.package = "wp-theme/astra"});
  EXPECT_EQ(one.generated, 1);
  EXPECT_FALSE(one.default_written);

  auto missing = Generate(*db_, clock_, local_, {.package = "wp-plugin/gone"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), base::ErrorCode::kNotFound);
  auto bad = Generate(*db_, clock_, local_, {.package = "akismet"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), base::ErrorCode::kInvalidArgument);
}

TEST_F(GenerateTest, StopFlagStopsBeforeTheNextCard) {
  std::atomic<bool> stop{true};
  GenerateResult stopped = Run({.stop = &stop});
  EXPECT_EQ(stopped.generated, 0);
  EXPECT_TRUE(stopped.interrupted);
  EXPECT_FALSE(fs::exists(dir_.path() / "social/plugin/akismet.png"));
  stop = false;
  EXPECT_EQ(Run({.stop = &stop}).generated, 2);
}

TEST_F(GenerateTest, BucketUploadsWithTypeAndCacheHeaders) {
  testutil::FakeObjectStore bucket;
  BucketImageSink sink(bucket);
  GenerateResult result = Run({}, &sink);
  EXPECT_EQ(result.generated, 2);
  const auto objects = bucket.objects();
  ASSERT_EQ(objects.size(), 3u);
  for (const auto& [key, object] : objects) {
    EXPECT_EQ(object.options.content_type, "image/png") << key;
    EXPECT_EQ(object.options.cache_control, "public, max-age=86400") << key;
    EXPECT_EQ(object.bytes.substr(0, 4), "\x89PNG") << key;
  }
  EXPECT_TRUE(objects.count("social/theme/astra.png"));
}

TEST_F(GenerateTest, FailuresAreCountedAndRetriedNextRun) {
  testutil::FakeObjectStore bucket;
  BucketImageSink sink(bucket);
  bucket.FailNth(testutil::FakeObjectStore::Op::kPut, 2, testutil::FakeObjectStore::Timeout());
  GenerateResult failed = Run({.workers = 1}, &sink);
  EXPECT_EQ(failed.errors, 1);
  EXPECT_EQ(failed.generated, 1);
  GenerateResult retried = Run({}, &sink);
  EXPECT_EQ(retried.generated, 1);
  EXPECT_EQ(retried.errors, 0);
  OgStore store(*db_);
  EXPECT_TRUE(*store.HasImage(base::PackageType::kPlugin, "akismet"));
  EXPECT_TRUE(*store.HasImage(base::PackageType::kTheme, "astra"));
  EXPECT_FALSE(*store.HasImage(base::PackageType::kPlugin, "gone"));
}

TEST_F(GenerateTest, LookChangeRedrawsTheDefaultImage) {
  Run();
  GenerateOptions renamed;
  renamed.look.site_name = "My Packages";
  GenerateResult result = Run(renamed);
  EXPECT_TRUE(result.default_written);
  EXPECT_EQ(result.generated, 0);
  fs::remove(dir_.path() / "social/default.png");
  EXPECT_TRUE(Run(renamed).default_written);
}

}  // namespace
}  // namespace wpp::og
