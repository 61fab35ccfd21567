// Mass-closure tracking (docs/behaviour.md §11.5): every example of the
// rules, against an in-memory database.

#include "status/status_store.h"

#include <chrono>

#include "gtest/gtest.h"

#include "status/mass_closures.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::status {
namespace {

using Strings = std::vector<std::string>;

TEST(VendorSlugTest, Examples) {
  EXPECT_EQ(VendorSlug("bPlugins"), "bplugins");
  EXPECT_EQ(VendorSlug("WPFactory"), "wpfactory");
  EXPECT_EQ(VendorSlug("Liton Arefin"), "liton-arefin");
  EXPECT_EQ(VendorSlug("Tom & Jerry"), "tom-jerry");
  EXPECT_EQ(VendorSlug("  spaced  "), "spaced");
  EXPECT_EQ(VendorSlug("---hyphens---"), "hyphens");
  EXPECT_EQ(VendorSlug("feed"), "feed-vendor");
  EXPECT_EQ(VendorSlug("Feed"), "feed-vendor");
  EXPECT_EQ(VendorSlug("Feeds"), "feeds");
  EXPECT_EQ(VendorSlug("---"), "");
  EXPECT_EQ(VendorSlug("Jos\xC3\xA9 Dev"), "jos-dev");
}

TEST(CleanAuthorTest, StripsTagsDecodesAndTrims) {
  EXPECT_EQ(CleanAuthor("<a href=\"https://x.test\">Tom &amp; Jerry</a>"), "Tom & Jerry");
  EXPECT_EQ(CleanAuthor("  WPFactory \n"), "WPFactory");
  EXPECT_EQ(CleanAuthor("<span></span>"), "");
}

class MassClosureTest : public ::testing::Test {
 protected:
  // A plugin with this author and a change row `minutes_ago` old.
  void Closed(const std::string& slug, const std::string& author, int minutes_ago = 10,
              const std::string& action = "deactivated", const std::string& type = "plugin") {
    SQLite::Statement p(db_->sql(),
                        "INSERT OR IGNORE INTO packages (type, name, author, is_active, "
                        "created_at, updated_at) VALUES (?1, ?2, ?3, 0, 'x', 'x')");
    p.bind(1, type);
    p.bind(2, slug);
    if (author.empty()) {
      p.bind(3);
    } else {
      p.bind(3, author);
    }
    p.exec();
    SQLite::Statement c(db_->sql(),
                        "INSERT INTO status_check_changes (status_check_id, package_type, "
                        "package_name, action, created_at) VALUES (NULL, ?1, ?2, ?3, ?4)");
    c.bind(1, type);
    c.bind(2, slug);
    c.bind(3, action);
    c.bind(4, base::FormatRfc3339(clock_.Now() - std::chrono::minutes(minutes_ago)));
    c.exec();
  }

  void Event(const std::string& vendor, const std::string& slug, int hours_ago,
             const std::string& slugs_json) {
    SQLite::Statement q(db_->sql(),
                        "INSERT INTO closure_events (vendor_name, vendor_slug, detected_at, "
                        "plugin_slugs, plugin_count) VALUES (?1, ?2, ?3, ?4, 0)");
    q.bind(1, vendor);
    q.bind(2, slug);
    q.bind(3, base::FormatRfc3339(clock_.Now() - std::chrono::hours(hours_ago)));
    q.bind(4, slugs_json);
    q.exec();
  }

  // Events other than the six seeded by migration 002, newest first.
  std::vector<ClosureEvent> Events() {
    std::vector<ClosureEvent> out;
    auto all = store_.ListEvents();
    EXPECT_TRUE(all);
    for (ClosureEvent& e : *all) {
      if (e.detected_at >= "2026-05-20") {
        out.push_back(std::move(e));
      }
    }
    return out;
  }

  MassClosureReport Track() { return store_.TrackMassClosures().value(); }

  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  // 2026-05-28, after the events seeded by migration 002.
  testutil::FakeClock clock_{base::FromUnixSeconds(1780000000)};
  StatusStore store_{*db_, clock_};
};

TEST_F(MassClosureTest, OneClosureIsBelowTheThreshold) {
  Closed("alpha", "Solo");
  EXPECT_EQ(Track().created, 0);
  EXPECT_TRUE(Events().empty());
}

TEST_F(MassClosureTest, TwoClosuresOfOneAuthorMakeAnEvent) {
  Closed("beta", "WPFactory");
  Closed("alpha", "wpfactory", 5, "tombstoned");
  EXPECT_EQ(Track().created, 1);
  const auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].vendor_name, "WPFactory");  // First-seen casing.
  EXPECT_EQ(events[0].vendor_slug, "wpfactory");
  EXPECT_EQ(events[0].detected_at, base::FormatRfc3339(clock_.Now()));
  EXPECT_EQ(events[0].plugin_slugs, (Strings{"alpha", "beta"}));  // Sorted.
  EXPECT_EQ(
      db_->sql().execAndGet("SELECT plugin_count FROM closure_events ORDER BY id DESC").getInt(),
      2);
}

TEST_F(MassClosureTest, RepeatedSlugCountsOnce) {
  Closed("alpha", "Dup");
  Closed("alpha", "Dup", 3, "tombstoned");
  EXPECT_EQ(Track().created, 0);
}

TEST_F(MassClosureTest, EmptyAuthorsThemesReactivationsAndOldRowsAreIgnored) {
  Closed("a1", "");
  Closed("a2", "");
  Closed("a3", "<b></b>");
  Closed("t1", "Themer", 10, "deactivated", "theme");
  Closed("t2", "Themer", 10, "deactivated", "theme");
  Closed("r1", "Back", 10, "reactivated");
  Closed("r2", "Back", 10, "reactivated");
  Closed("o1", "Old", 25 * 60);
  Closed("o2", "Old", 10);
  EXPECT_EQ(Track().created, 0);
  EXPECT_TRUE(Events().empty());
}

TEST_F(MassClosureTest, AuthorIsCleanedBeforeGrouping) {
  Closed("x1", "<a href=\"https://t.test\">Tom &amp; Jerry</a>");
  Closed("x2", " Tom & Jerry ");
  Track();
  const auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].vendor_name, "Tom & Jerry");
  EXPECT_EQ(events[0].vendor_slug, "tom-jerry");
}

TEST_F(MassClosureTest, FeedIsReservedAndEmptySlugIsSkipped) {
  Closed("f1", "Feed");
  Closed("f2", "feed");
  Closed("d1", "---");
  Closed("d2", "---");
  Track();
  const auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].vendor_slug, "feed-vendor");
}

TEST_F(MassClosureTest, AnOngoingOutbreakExtendsItsEvent) {
  Closed("a", "Vendor");
  Closed("b", "Vendor");
  Track();
  clock_.Advance(std::chrono::hours(1));
  Closed("c", "Vendor", 1);
  const MassClosureReport second = Track();
  EXPECT_EQ(second.created, 0);
  EXPECT_EQ(second.extended, 1);
  const auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].plugin_slugs, (Strings{"a", "b", "c"}));
  // Nothing new: nothing written.
  EXPECT_EQ(Track().extended, 0);
}

TEST_F(MassClosureTest, ExtendsTheNewestEventInTheWindow) {
  Event("Vendor", "vendor", 20, "[\"old\"]");
  Event("Vendor", "vendor", 2, "[\"a\"]");
  Closed("b", "Vendor");
  Closed("c", "Vendor");
  Track();
  const auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].plugin_slugs, (Strings{"a", "b", "c"}));
  EXPECT_EQ(events[1].plugin_slugs, (Strings{"old"}));
}

TEST_F(MassClosureTest, ANewOutbreakLeavesOutTheSlugsOfThePreviousOne) {
  Event("Vendor", "vendor", 30, "[\"a\",\"b\"]");
  Closed("a", "Vendor", 60);
  Closed("b", "Vendor", 50);
  Closed("c", "Vendor", 40);
  EXPECT_EQ(Track().created, 0);  // Only "c" is new: below the threshold.
  Closed("d", "Vendor", 5);
  EXPECT_EQ(Track().created, 1);
  const auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].plugin_slugs, (Strings{"c", "d"}));
}

TEST_F(MassClosureTest, SeededHistoricalEventsAreKept) {
  // Migration 002's six events are older than the window: a new closure of
  // a seeded vendor's slug is subtracted.
  Closed("woo-currency", "WBW Plugins");
  Closed("woo-product-filter", "WBW Plugins");
  EXPECT_EQ(Track().created, 0);
  EXPECT_EQ(store_.ListEvents().value().size(), 6u);
}

}  // namespace
}  // namespace wpp::status
