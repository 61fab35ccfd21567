// The site's pages beyond the package browser (docs/behaviour.md §18.9–§18.13):
//   /status, /closures, /closures/<vendor_slug>, /untagged,
//   /untagged-partial, /untagged-authors, /docs, /compare,
//   /wordpress-core, and the original's names of the last two (301).
// Each negotiable page also answers text/markdown (web/markdown.h).

#pragma once

#include <functional>
#include <string>

#include "base/clock.h"
#include "db/pool.h"
#include "http/server.h"
#include "web/renderer.h"

namespace wpp::web {

struct SitePagesOptions {
  std::string app_url{};
  // The id of the build `current` points at ("" when none).
  std::function<std::string()> current_build{};
  // The og:image URL of a page's card ("status", "docs", …); empty: none.
  std::function<std::string(std::string_view page)> og_image_url{};
};

// Register after seo::RegisterSeoRoutes (its /closures/feed comes first).
// `pool`, `renderer` and `clock` must outlive the router.
void RegisterSitePages(http::Router& router, db::ConnectionPool& pool, const Renderer& renderer,
                       base::Clock& clock, SitePagesOptions options);

}  // namespace wpp::web
