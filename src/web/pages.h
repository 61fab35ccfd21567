// The public pages of the site: the package browser (`/`, `/packages-partial`,
// docs/behaviour.md §17.7) and the package page (`/packages/<type>/<name>`,
// docs/behaviour.md §17.8). The shared infrastructure (layout, assets, middleware, 404) is
// wired by RegisterSite; other page files add their routes with AddPage
// (web/markdown.h) and render through the same Renderer.

#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "db/pool.h"
#include "http/server.h"
#include "web/renderer.h"

namespace wpp::web {

struct PagesOptions {
  std::string app_url{};
  // The og:image URL of a package's card (or of the default image when
  // it has none). Empty function: no og:image.
  std::function<std::string(std::string_view type, std::string_view slug, bool has_card)>
      og_image_url{};
  // A package page checked against the database this recently is answered
  // from memory (docs/behaviour.md §17.9); zero: every request checks.
  std::chrono::seconds recent_window{10};
};

// The page middleware, the HTML 404 page and /assets/ (call once, before
// the pages).
void RegisterSite(http::Router& router, const Renderer& renderer);

// The home page, its htmx fragment and the package pages.
void RegisterPages(http::Router& router, db::ConnectionPool& pool, const Renderer& renderer,
                   PagesOptions options);

}  // namespace wpp::web
