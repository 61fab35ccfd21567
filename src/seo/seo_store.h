// The read-only SQL behind the feeds and sitemaps (docs/behaviour.md §18).
// Every query is bounded: by LIMIT on an index, by a rowid range, or by the
// small closure_events table; none reads the whole catalogue. The SQL texts
// are public so a test can check their query plans.

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "db/database.h"

namespace wpp::seo {

// Packages per package sitemap: one file covers the ids
// [n * kSitemapSpan + 1, (n + 1) * kSitemapSpan] (docs/behaviour.md §18.3).
inline constexpr int64_t kSitemapSpan = 2500;
// Entries of /feed.xml and of /closures/feed.
inline constexpr int64_t kFeedEntries = 50;

struct SitemapPackage {
  std::string type{};  // "plugin" / "theme".
  std::string name{};
  std::string updated_at{};
};

struct FeedPackage {
  std::string type{};
  std::string name{};
  std::string display_name{};
  std::string author{};
  std::string current_version{};
  std::string updated_at{};
};

struct ClosureEvent {
  int64_t id = 0;
  std::string vendor_name{};
  std::string vendor_slug{};
  std::string detected_at{};
  std::vector<std::string> plugin_slugs{};
  int64_t plugin_count = 0;
};

struct VendorLastmod {
  std::string vendor_slug{};
  std::string detected_at{};  // Latest detection.
};

extern const char kMaxPackageIdSql[];
extern const char kSitemapPackagesSql[];
extern const char kFeedPackagesSql[];
extern const char kRecentClosuresSql[];
extern const char kClosureVendorsSql[];

// The closure_events row under `q`, whose columns are id, vendor_name,
// vendor_slug, detected_at, plugin_slugs (JSON; non-strings and bad JSON
// are skipped), plugin_count. Shared with the closures pages.
ClosureEvent ReadClosureEvent(SQLite::Statement& q);

// Highest packages.id (0 when empty): sets how many package sitemaps exist.
base::Result<int64_t> MaxPackageId(db::Database& db);
// Active packages with ids in sitemap `n`'s range, by id.
base::Result<std::vector<SitemapPackage>> SitemapPackages(db::Database& db, int64_t n);
// The kFeedEntries active packages changed last.
base::Result<std::vector<FeedPackage>> FeedPackages(db::Database& db);
// The kFeedEntries newest mass-closure events.
base::Result<std::vector<ClosureEvent>> RecentClosures(db::Database& db);
// Every vendor with a closure event, by slug, with its latest detection.
base::Result<std::vector<VendorLastmod>> ClosureVendors(db::Database& db);

}  // namespace wpp::seo
