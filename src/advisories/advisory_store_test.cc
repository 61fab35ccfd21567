#include "advisories/advisory_store.h"

#include <gtest/gtest.h>

#include "testutil/test_db.h"

namespace wpp::advisories {
namespace {

Advisory Make(std::string package, std::string id, std::string constraint = "<1.0") {
  Advisory a;
  a.package_name = std::move(package);
  a.advisory_id = std::move(id);
  a.title = "t " + a.advisory_id;
  a.affected_versions = std::move(constraint);
  a.reported_at = "2024-01-01 00:00:00";
  a.source_name = "Wordfence";
  a.remote_id = a.advisory_id;
  return a;
}

class AdvisoryStoreTest : public ::testing::Test {
 protected:
  void AddPackage(const std::string& type, const std::string& name, bool active,
                  const char* reason = nullptr) {
    SQLite::Statement q(db_->sql(),
                        "INSERT INTO packages (type, name, is_active, closed_date, closed_reason,"
                        " created_at, updated_at) VALUES (?, ?, ?, '2026-02-03', ?, 'x', 'x')");
    q.bind(1, type);
    q.bind(2, name);
    q.bind(3, active ? 1 : 0);
    if (reason != nullptr) {
      q.bind(4, reason);
    }
    q.exec();
  }
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  AdvisoryStore store_{*db_};
};

TEST_F(AdvisoryStoreTest, ReplaceAddsChangesRemovesAndReportsPackages) {
  auto first = store_.Replace(
      Source::kFeed,
      {Make("wp-plugin/a", "WF-1"), Make("wp-plugin/b", "WF-2"), Make("wp-plugin/a", "WF-1")}, 100);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->added, 2);
  EXPECT_EQ(first->duplicates, 1);
  EXPECT_EQ(first->packages, (std::vector<std::string>{"wp-plugin/a", "wp-plugin/b"}));

  auto second = store_.Replace(
      Source::kFeed, {Make("wp-plugin/a", "WF-1"), Make("wp-plugin/c", "WF-3", "<2.0")}, 200);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->unchanged, 1);
  EXPECT_EQ(second->added, 1);
  EXPECT_EQ(second->removed, 1);
  EXPECT_EQ(second->packages, (std::vector<std::string>{"wp-plugin/b", "wp-plugin/c"}));

  auto third = store_.Replace(
      Source::kFeed, {Make("wp-plugin/a", "WF-1", "<3.0"), Make("wp-plugin/c", "WF-3", "<2.0")},
      300);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->changed, 1);
  EXPECT_EQ(third->packages, (std::vector<std::string>{"wp-plugin/a"}));

  // The closure source is separate: replacing it leaves the feed's rows.
  ASSERT_TRUE(store_.Replace(Source::kClosure, {}, 300).ok());
  EXPECT_EQ(*store_.Count(), 2);
}

TEST_F(AdvisoryStoreTest, ForPackagesAnswersKnownNamesAndUpdatedSince) {
  AddPackage("plugin", "a", true);
  AddPackage("plugin", "quiet", true);
  AddPackage("plugin", "gone", false, "author-request");
  ASSERT_TRUE(store_.Replace(Source::kFeed, {Make("wp-plugin/a", "WF-1")}, 100).ok());
  ASSERT_TRUE(store_
                  .Replace(Source::kFeed,
                           {Make("wp-plugin/a", "WF-1"), Make("wp-plugin/unknown", "WF-2")}, 200)
                  .ok());
  auto found = store_.ForPackages({"wp-plugin/a", "wp-plugin/quiet", "wp-plugin/gone",
                                   "wp-plugin/nope", "wp-plugin/unknown", "vendor/other"},
                                  0);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 4u);
  EXPECT_EQ(found->at("wp-plugin/a").size(), 1u);
  EXPECT_TRUE(found->at("wp-plugin/quiet").empty());
  EXPECT_TRUE(found->at("wp-plugin/gone").empty());
  EXPECT_EQ(found->at("wp-plugin/unknown").size(), 1u);  // Has advisories: answered.

  auto since = store_.ForPackages({}, 150);
  ASSERT_TRUE(since.ok());
  ASSERT_EQ(since->size(), 1u);
  EXPECT_EQ(since->begin()->first, "wp-plugin/unknown");
}

TEST_F(AdvisoryStoreTest, SecurityClosuresCoverEveryVersionFromTheClosureDate) {
  AddPackage("plugin", "unsafe", false, "security-issue");
  AddPackage("plugin", "asked", false, "author-request");
  AddPackage("theme", "open", true, "security-issue");  // Re-opened: no advisory.
  auto closures = store_.SecurityClosures();
  ASSERT_TRUE(closures.ok());
  ASSERT_EQ(closures->size(), 1u);
  const Advisory& a = closures->front();
  EXPECT_EQ(a.package_name, "wp-plugin/unsafe");
  EXPECT_EQ(a.affected_versions, "*");
  EXPECT_EQ(a.reported_at, "2026-02-03 00:00:00");
  EXPECT_EQ(a.title, "Closed by WordPress.org: security issue");
  ASSERT_TRUE(store_.Replace(Source::kClosure, *closures, 10).ok());
  auto view = store_.ForPackage("wp-plugin/unsafe");
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->size(), 1u);
  EXPECT_EQ(view->front().source, "closure");
}

TEST_F(AdvisoryStoreTest, FeedStateRoundTrips) {
  EXPECT_FALSE(store_.LoadFeedState()->has_value());
  ASSERT_TRUE(store_.SaveFeedState({.url = "u", .etag = "\"e\"", .records = 3}).ok());
  auto state = store_.LoadFeedState();
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ((*state)->etag, "\"e\"");
  EXPECT_EQ((*state)->last_modified, "");
  EXPECT_EQ((*state)->records, 3);
}

}  // namespace
}  // namespace wpp::advisories
