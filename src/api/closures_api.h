// The closure routes of the public JSON API (docs/behaviour.md §11.6):
//   GET /api/packages/<type>/closed             inactive slugs of a type
//   GET /api/packages/<type>/closed/permanent   permanently closed slugs
//   GET /api/packages/<type>/<name>/closure     what WordPress.org said
//   GET /api/closures?page=&sort=               mass-closure events
//   GET /api/closures/<vendor_slug>             one vendor's events
// Read-only; handlers lease a connection from the pool on the server's
// worker threads.

#pragma once

#include <string>

#include "db/pool.h"
#include "http/server.h"

namespace wpp::api {

struct ClosuresApiOptions {
  std::string app_url{};  // For documentation_url; no trailing slash needed.
};

// `pool` must outlive the router.
void RegisterClosureRoutes(http::Router& router, db::ConnectionPool& pool,
                           const ClosuresApiOptions& options);

}  // namespace wpp::api
