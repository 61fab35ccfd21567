// GET /docs: using the repository (docs/behaviour.md §18.12).

#include "web/site_pages_internal.h"

namespace wpp::web::site {

http::Response DocsPage(const http::Request& request, Format format, const Deps& deps) {
  return ContentPage(request, format, deps,
                     {.name = "docs",
                      .title = "Documentation",
                      .description = "Install WordPress.org plugins and themes with Composer: "
                                     "setup, Bedrock, migrating from WPackagist, the API.",
                      .path = "/docs",
                      .nav = "docs"});
}

}  // namespace wpp::web::site
