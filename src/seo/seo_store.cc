#include "seo/seo_store.h"

#include <nlohmann/json.hpp>

namespace wpp::seo {

const char kMaxPackageIdSql[] = "SELECT COALESCE(MAX(id), 0) FROM packages";
const char kSitemapPackagesSql[] =
    "SELECT type, name, updated_at FROM packages WHERE id BETWEEN ?1 AND ?2 AND is_active = 1 "
    "ORDER BY id";
const char kFeedPackagesSql[] =
    "SELECT type, name, COALESCE(display_name, ''), COALESCE(author, ''), "
    "COALESCE(current_version, ''), updated_at FROM packages WHERE is_active = 1 "
    "ORDER BY updated_at DESC LIMIT ?1";
const char kRecentClosuresSql[] =
    "SELECT id, vendor_name, vendor_slug, detected_at, plugin_slugs, plugin_count "
    "FROM closure_events ORDER BY detected_at DESC, id DESC LIMIT ?1";
const char kClosureVendorsSql[] =
    "SELECT vendor_slug, MAX(detected_at) FROM closure_events GROUP BY vendor_slug "
    "ORDER BY vendor_slug";

namespace {

std::string Text(SQLite::Statement& q, int column) {
  return q.getColumn(column).isNull() ? std::string() : q.getColumn(column).getString();
}

}  // namespace

ClosureEvent ReadClosureEvent(SQLite::Statement& q) {
  ClosureEvent e{.id = q.getColumn(0).getInt64(),
                 .vendor_name = Text(q, 1),
                 .vendor_slug = Text(q, 2),
                 .detected_at = Text(q, 3),
                 .plugin_slugs = {},
                 .plugin_count = q.getColumn(5).getInt64()};
  const auto slugs = nlohmann::json::parse(Text(q, 4), nullptr, false);
  if (slugs.is_array()) {
    for (const auto& slug : slugs) {
      if (slug.is_string()) {
        e.plugin_slugs.push_back(slug.get<std::string>());
      }
    }
  }
  return e;
}

base::Result<int64_t> MaxPackageId(db::Database& db) {
  int64_t max_id = 0;
  WPP_RETURN_IF_ERROR(db.Guard("reading the highest package id",
                               [&] { max_id = db.sql().execAndGet(kMaxPackageIdSql).getInt64(); }));
  return max_id;
}

base::Result<std::vector<SitemapPackage>> SitemapPackages(db::Database& db, int64_t n) {
  std::vector<SitemapPackage> rows;
  WPP_RETURN_IF_ERROR(db.Guard("reading a package sitemap", [&] {
    SQLite::Statement q(db.sql(), kSitemapPackagesSql);
    q.bind(1, n * kSitemapSpan + 1);
    q.bind(2, (n + 1) * kSitemapSpan);
    while (q.executeStep()) {
      rows.push_back({.type = Text(q, 0), .name = Text(q, 1), .updated_at = Text(q, 2)});
    }
  }));
  return rows;
}

base::Result<std::vector<FeedPackage>> FeedPackages(db::Database& db) {
  std::vector<FeedPackage> rows;
  WPP_RETURN_IF_ERROR(db.Guard("reading the package feed", [&] {
    SQLite::Statement q(db.sql(), kFeedPackagesSql);
    q.bind(1, kFeedEntries);
    while (q.executeStep()) {
      rows.push_back({.type = Text(q, 0),
                      .name = Text(q, 1),
                      .display_name = Text(q, 2),
                      .author = Text(q, 3),
                      .current_version = Text(q, 4),
                      .updated_at = Text(q, 5)});
    }
  }));
  return rows;
}

base::Result<std::vector<ClosureEvent>> RecentClosures(db::Database& db) {
  std::vector<ClosureEvent> rows;
  WPP_RETURN_IF_ERROR(db.Guard("reading recent closure events", [&] {
    SQLite::Statement q(db.sql(), kRecentClosuresSql);
    q.bind(1, kFeedEntries);
    while (q.executeStep()) {
      rows.push_back(ReadClosureEvent(q));
    }
  }));
  return rows;
}

base::Result<std::vector<VendorLastmod>> ClosureVendors(db::Database& db) {
  std::vector<VendorLastmod> rows;
  WPP_RETURN_IF_ERROR(db.Guard("reading closure vendors", [&] {
    SQLite::Statement q(db.sql(), kClosureVendorsSql);
    while (q.executeStep()) {
      rows.push_back({.vendor_slug = Text(q, 0), .detected_at = Text(q, 1)});
    }
  }));
  return rows;
}

}  // namespace wpp::seo
