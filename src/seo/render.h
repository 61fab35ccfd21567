// The bodies of the feeds, sitemaps, robots.txt and the OpenSearch
// description, from rows already read (docs/behaviour.md §18). Pure: every
// untrusted string goes through XmlText, every URL is absolute when APP_URL
// is set.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "seo/seo_store.h"

namespace wpp::seo {

struct Site {
  std::string app_url{};  // No trailing slash; empty: site-relative URLs.
  std::string name = "wppackages";
};

// "/packages/wp-plugin/<name>" (the name percent-encoded).
std::string PackagePath(std::string_view type, std::string_view name);

std::string RobotsTxt(const Site& site);
// Lists the pages sitemap, then package sitemaps 0 … files-1.
std::string SitemapIndex(const Site& site, int64_t files, base::Clock::TimePoint now);
// The site's own pages, then one URL per closure vendor.
std::string PagesSitemap(const Site& site, const std::vector<VendorLastmod>& vendors);
std::string PackageSitemap(const Site& site, const std::vector<SitemapPackage>& packages);
std::string AtomFeed(const Site& site, const std::vector<FeedPackage>& packages,
                     base::Clock::TimePoint now);
std::string ClosuresRss(const Site& site, const std::vector<ClosureEvent>& events,
                        base::Clock::TimePoint now);
std::string OpenSearch(const Site& site);

}  // namespace wpp::seo
