// GET /compare: how this repository differs from WPackagist
// (docs/behaviour.md §18.12).

#include "web/site_pages_internal.h"

namespace wpp::web::site {

http::Response ComparePage(const http::Request& request, Format format, const Deps& deps) {
  return ContentPage(request, format, deps,
                     {.name = "compare",
                      .title = "Compared with WPackagist",
                      .description = "What changes when you move from WPackagist: pinned trunk "
                                     "installs, per-version dates, closed plugins, statistics.",
                      .path = "/compare",
                      .nav = ""});
}

}  // namespace wpp::web::site
