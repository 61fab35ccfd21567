#include "repository/snapshot_store.h"

#include <gtest/gtest.h>

#include "testutil/test_db.h"

namespace wpp::repository {
namespace {

class SnapshotStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto writer = db::Database::Open(tmp_.file("wpp.db"));
    ASSERT_TRUE(writer);
    writer_ = std::move(writer).value();
    ASSERT_TRUE(writer_->Migrate());
    auto reader = db::Database::Open(tmp_.file("wpp.db"));
    ASSERT_TRUE(reader);
    reader_ = std::move(reader).value();
    Add("plugin", "a", 1);
    Add("plugin", "b", 1);
    Add("theme", "c", 2);
  }

  void Add(const std::string& type, const std::string& name, int run) {
    SQLite::Statement s(writer_->sql(),
                        "INSERT INTO packages (type, name, versions_json, last_sync_run_id,"
                        " created_at, updated_at) VALUES (?, ?, '{\"1.0\":\"u\"}', ?, 'x', 'x')");
    s.bind(1, type);
    s.bind(2, name);
    s.bind(3, run);
    s.exec();
  }

  testutil::TempDir tmp_;
  std::unique_ptr<db::Database> writer_;
  std::unique_ptr<db::Database> reader_;
};

TEST_F(SnapshotStoreTest, WalkSeesOneSnapshotWhileAnotherConnectionWrites) {
  SnapshotStore store(*reader_);
  std::vector<std::string> seen;
  SnapshotInfo info;
  SnapshotStore::Walker walker;
  walker.begin = [&](const SnapshotInfo& i) {
    info = i;
    return base::Status::Ok();
  };
  walker.each = [&](SnapshotRow&& row) {
    if (seen.empty()) {
      // `update` commits mid-build: new package, changed and closed rows.
      writer_->sql().exec(
          "UPDATE packages SET versions_json = '{\"9.9\":\"x\"}' WHERE name = 'b';"
          "UPDATE packages SET is_active = 0 WHERE name = 'c';"
          "INSERT INTO packages (type, name, last_sync_run_id, created_at, updated_at)"
          " VALUES ('plugin', 'aa', 3, 'x', 'x');");
    }
    seen.push_back(row.slug + "=" + row.versions_json);
    return base::Status::Ok();
  };

  const base::Status status = store.Walk(walker);

  ASSERT_TRUE(status.ok()) << status.error().message();
  EXPECT_EQ(info.packages, 3);
  EXPECT_EQ(info.snapshot_id, 2);
  EXPECT_EQ(seen, (std::vector<std::string>{"a={\"1.0\":\"u\"}", "b={\"1.0\":\"u\"}",
                                            "c={\"1.0\":\"u\"}"}));
  std::vector<std::string> after;
  walker.each = [&](SnapshotRow&& row) {
    after.push_back(row.slug);
    return base::Status::Ok();
  };
  ASSERT_TRUE(store.Walk(walker).ok());
  EXPECT_EQ(after, (std::vector<std::string>{"a", "b", "aa"}));  // Id order.
}

TEST_F(SnapshotStoreTest, FilterSelectsOnePackageAndPublishTimesComeAlong) {
  writer_->sql().exec(
      "INSERT INTO package_versions SELECT id, '1.0', '2024-01-01T00:00:00Z', 'svn'"
      " FROM packages WHERE name = 'c';"
      "INSERT INTO package_versions SELECT id, '0.9', '2023-01-01T00:00:00Z', 'mirror'"
      " FROM packages WHERE name = 'c';");
  SnapshotStore store(*reader_);
  SnapshotStore::Filter filter{composer::PackageType::kTheme, "c"};
  std::vector<SnapshotRow> rows;
  SnapshotStore::Walker walker;
  walker.filter = &filter;
  walker.begin = [](const SnapshotInfo&) { return base::Status::Ok(); };
  walker.each = [&](SnapshotRow&& row) {
    rows.push_back(std::move(row));
    return base::Status::Ok();
  };

  ASSERT_TRUE(store.Walk(walker).ok());

  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].version_count, 2);
  EXPECT_TRUE(rows[0].published_loaded);
  EXPECT_EQ(rows[0].type, composer::PackageType::kTheme);
  const auto published = ParsePublished(rows[0].published);
  EXPECT_EQ(published, (std::map<std::string, std::string>{{"0.9", "2023-01-01T00:00:00Z"},
                                                           {"1.0", "2024-01-01T00:00:00Z"}}));
}

TEST_F(SnapshotStoreTest, CallbackErrorStopsTheWalkAndEndsTheTransaction) {
  SnapshotStore store(*reader_);
  int calls = 0;
  SnapshotStore::Walker walker;
  walker.begin = [](const SnapshotInfo&) { return base::Status::Ok(); };
  walker.each = [&](SnapshotRow&&) -> base::Status {
    ++calls;
    return base::Error(base::ErrorCode::kUnavailable, "disk full");
  };

  const base::Status status = store.Walk(walker);

  EXPECT_FALSE(status.ok());
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(reader_->Exec("BEGIN; COMMIT;").ok());  // No transaction left open.
}

TEST_F(SnapshotStoreTest, PublishTimesCanBeReadOnDemandFromTheSameSnapshot) {
  writer_->sql().exec(
      "INSERT INTO package_versions SELECT id, '1.0', '2024-01-01T00:00:00Z', 'svn'"
      " FROM packages WHERE name = 'b';");
  SnapshotStore store(*reader_);
  std::map<std::string, std::string> published;
  SnapshotStore::Walker walker;
  walker.with_published = false;
  walker.begin = [](const SnapshotInfo&) { return base::Status::Ok(); };
  walker.each = [&](SnapshotRow&& row) -> base::Status {
    EXPECT_FALSE(row.published_loaded);
    if (row.slug == "a") {
      writer_->sql().exec(
          "INSERT INTO package_versions SELECT id, '2.0', '2025-01-01T00:00:00Z', 'svn'"
          " FROM packages WHERE name = 'b';");
    }
    WPP_ASSIGN_OR_RETURN(published[row.slug], store.PublishedOf(row.id));
    return base::Status::Ok();
  };

  ASSERT_TRUE(store.Walk(walker).ok());

  EXPECT_EQ(published["a"], "");
  EXPECT_EQ(published["b"],
            "1.0\x1f"
            "2024-01-01T00:00:00Z");  // Not the 2.0 added mid-walk.
  EXPECT_EQ(store.PublishedOf(1).error().code(), base::ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace wpp::repository
