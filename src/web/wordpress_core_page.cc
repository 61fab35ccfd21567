// GET /wordpress-core: installing WordPress itself with Composer
// (docs/behaviour.md §18.12).

#include "web/site_pages_internal.h"

namespace wpp::web::site {

http::Response WordpressCorePage(const http::Request& request, Format format, const Deps& deps) {
  return ContentPage(request, format, deps,
                     {.name = "wordpress_core",
                      .title = "WordPress Core via Composer",
                      .description = "Install WordPress core itself with Composer, next to the "
                                     "plugins and themes of this repository.",
                      .path = "/wordpress-core",
                      .nav = ""});
}

}  // namespace wpp::web::site
