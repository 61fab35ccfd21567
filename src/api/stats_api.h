// The public stats API (docs/behaviour.md §13): site totals, a package's
// monthly installs and counters, and a self-hosted install-count badge;
// plus the rate limit every /api/ route shares.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "db/pool.h"
#include "http/client_ip.h"
#include "http/rate_limiter.h"
#include "http/server.h"

namespace wpp::api {

// Counts as the site shows them: "950", "8k", "1.2M" (docs/behaviour.md §13.2).
std::string CompactCount(int64_t n);

// A flat two-part badge ("installs | 1.2M") as SVG; both texts are
// XML-escaped.
std::string RenderBadge(std::string_view label, std::string_view value);

// The /api/ limit: 10 requests at once per client, one more every 6 s.
struct ApiLimits {
  double per_minute = 10;
  double burst = 10;
  size_t max_clients = 100'000;
};

// Router middleware: a request whose path starts with /api/ takes a token
// from its client's bucket (the client address of `proxies`, IPv6 by /64),
// else is answered 429 with Retry-After; other paths pass untouched. Both
// references must outlive the router (docs/behaviour.md §13.1).
http::Middleware ApiRateLimit(http::RateLimiter& limiter, const http::TrustedProxies& proxies);

// Adds GET /api/stats, /api/stats/packages/<type>/<name>, …/total and
// …/badge.svg. `pool` must outlive the router.
void RegisterStatsRoutes(http::Router& router, db::ConnectionPool& pool);

}  // namespace wpp::api
