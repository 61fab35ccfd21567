// The routes of src/seo (docs/behaviour.md §18):
//   GET /robots.txt
//   GET /sitemap.xml                 sitemap index
//   GET /sitemaps/pages.xml          the site's pages and closure vendors
//   GET /sitemaps/packages-<N>.xml   active packages, by id range
//   GET /sitemap-pages.xml, /sitemap-packages-<N>.xml   301 to the above
//   GET /feed.xml                    Atom, recently updated packages
//   GET /closures/feed               RSS, mass closures
//   GET /opensearch.xml              OpenSearch description
// Generated documents are kept in process for `ttl` and answered with
// ETag/Last-Modified (304 on a match).

#pragma once

#include <chrono>
#include <string>

#include "base/clock.h"
#include "db/pool.h"
#include "http/server.h"

namespace wpp::seo {

struct SeoOptions {
  std::string app_url{};
  std::string site_name = "wppackages";
  std::chrono::seconds ttl{3600};
};

// Register before any route whose pattern would also match "/closures/feed"
// (the vendor page "/closures/:vendor_slug"): the first match wins. `pool`
// and `clock` must outlive the router.
void RegisterSeoRoutes(http::Router& router, db::ConnectionPool& pool, base::Clock& clock,
                       const SeoOptions& options);

}  // namespace wpp::seo
