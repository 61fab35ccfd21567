#include "api/stats_api.h"

#include <cstdio>
#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "api/stats_store.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/text.h"

namespace wpp::api {
namespace {

using http::Request;
using http::Response;

constexpr char kStatsCache[] = "public, max-age=300";
constexpr size_t kMaxSlugBytes = 200;
constexpr size_t kMaxLabelBytes = 64;
constexpr int kMonths = 36;

Response Error(int status, std::string_view message) {
  Response r = Response::Text(std::string(message) + "\n", status);
  r.Header("X-Content-Type-Options", "nosniff");
  return r;
}

Response CachedJson(const nlohmann::json& doc) {
  Response r = Response::Json(doc.dump() + "\n");
  r.Header("Cache-Control", kStatsCache);
  return r;
}

Response Unavailable(const base::Error& error) {
  base::log::Error("stats api", {{"error", error.message()}});
  return Error(500, "stats unavailable");
}

// "wp-plugin"/"plugin" → "plugin", "wp-theme"/"theme" → "theme".
std::optional<std::string> PackageType(std::string_view type) {
  if (type.starts_with("wp-")) {
    type.remove_prefix(3);
  }
  if (type == "plugin" || type == "theme") {
    return std::string(type);
  }
  return std::nullopt;
}

// Slugs are ASCII letters, digits, '-', '_' and '.', not starting with '.'
// and at most 200 bytes (docs/behaviour.md §13.3).
bool ValidSlug(std::string_view name) {
  if (name.empty() || name.size() > kMaxSlugBytes || name[0] == '.') {
    return false;
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) {
      return false;
    }
  }
  return name.find("..") == std::string_view::npos;
}

using PackageHandler = std::function<Response(StatsStore&, const PackageCounters&)>;

// Answers with `handler` for the active package a
// /api/stats/packages/<type>/<name>… request names, or with the 4xx/5xx
// that says why there is none (docs/behaviour.md §13.3).
Response ForPackage(const Request& request, db::ConnectionPool& pool,
                    const PackageHandler& handler) {
  const auto type = PackageType(request.params.at("type"));
  if (!type) {
    return Error(404, "unknown package type");
  }
  const std::string& name = request.params.at("name");
  if (!ValidSlug(name)) {
    return Error(400, "invalid package name");
  }
  auto db = pool.Acquire();
  StatsStore store(*db);
  auto found = store.ActivePackage(*type, name);
  if (!found) {
    return Unavailable(found.error());
  }
  if (!*found) {
    return Error(404, "package not found");
  }
  return handler(store, **found);
}

Response SiteTotals(db::ConnectionPool& pool) {
  auto db = pool.Acquire();
  auto stats = StatsStore(*db).Site();
  if (!stats) {
    return Unavailable(stats.error());
  }
  if (!*stats) {
    return Error(500, "stats unavailable");
  }
  const SiteStats& s = **stats;
  const int64_t total = s.plugin_installs + s.theme_installs;
  return CachedJson({{"total_installs", total},
                     {"total_installs_formatted", CompactCount(total)},
                     {"installs_30d", s.installs_30d},
                     {"installs_30d_formatted", CompactCount(s.installs_30d)},
                     {"active_plugins", s.active_plugins},
                     {"active_themes", s.active_themes},
                     {"total_packages", s.active_plugins + s.active_themes}});
}

Response PackageMonths(StatsStore& store, const PackageCounters& package) {
  auto months = store.Months(package.id, kMonths);
  if (!months) {
    return Unavailable(months.error());
  }
  nlohmann::json doc = nlohmann::json::array();
  for (const MonthInstalls& m : *months) {
    doc.push_back({{"month", m.month}, {"installs", m.installs}});
  }
  return CachedJson(doc);
}

Response PackageTotals(StatsStore& /*store*/, const PackageCounters& p) {
  return CachedJson({{"installs_30d", p.last_30d},
                     {"installs_30d_formatted", CompactCount(p.last_30d)},
                     {"total_installs", p.total},
                     {"total_installs_formatted", CompactCount(p.total)}});
}

// The badge answer: SVG, cached for an hour.
Response Badge(const std::string& label, const std::string& value) {
  Response r{.status = 200, .body = RenderBadge(label, value)};
  r.Header("Content-Type", "image/svg+xml; charset=utf-8");
  r.Header("Cache-Control", "public, max-age=3600, stale-while-revalidate=86400");
  r.Header("X-Content-Type-Options", "nosniff");
  // The SVG holds no script, and must not run any it might be made to hold.
  r.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return r;
}

Response PackageBadge(const Request& request, db::ConnectionPool& pool) {
  const std::string period = request.Query("period", "total");
  if (period != "total" && period != "30d") {
    return Error(400, "period must be total or 30d");
  }
  const std::string label = request.Query("label", period == "30d" ? "installs/month" : "installs");
  if (label.size() > kMaxLabelBytes || !base::IsValidUtf8(label)) {
    return Error(400, "label must be UTF-8 of at most 64 bytes");
  }
  return ForPackage(request, pool, [&](StatsStore&, const PackageCounters& p) {
    return Badge(label, CompactCount(period == "30d" ? p.last_30d : p.total));
  });
}

// Rough width of `text` in 11px Verdana: 7 px per character (UTF-8 lead
// bytes only).
int TextWidth(std::string_view text) {
  int chars = 0;
  for (unsigned char c : text) {
    chars += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return chars * 7;
}

}  // namespace

std::string CompactCount(int64_t n) {
  char buf[32];
  if (n >= 1'000'000) {
    std::snprintf(buf, sizeof buf, "%.1fM", static_cast<double>(n) / 1e6);
  } else if (n >= 1'000) {
    std::snprintf(buf, sizeof buf, "%.0fk", static_cast<double>(n) / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
  }
  return buf;
}

std::string RenderBadge(std::string_view label, std::string_view value) {
  const int lw = TextWidth(label) + 12;
  const int vw = TextWidth(value) + 12;
  const int w = lw + vw;
  const std::string l = base::XmlEscape(label);
  const std::string v = base::XmlEscape(value);
  const auto n = [](int x) { return std::to_string(x); };
  std::string svg;
  svg += R"svg(<svg xmlns="http://www.w3.org/2000/svg" width=")svg" + n(w) +
         R"svg(" height="20" role="img" aria-label=")svg" + l + ": " + v + R"svg(">)svg";
  svg += "<title>" + l + ": " + v + "</title>";
  svg += R"svg(<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" )svg"
         R"svg(stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>)svg";
  svg += R"svg(<clipPath id="r"><rect width=")svg" + n(w) +
         R"svg(" height="20" rx="3" fill="#fff"/></clipPath>)svg";
  svg += R"svg(<g clip-path="url(#r)"><rect width=")svg" + n(lw) +
         R"svg(" height="20" fill="#555"/>)svg";
  svg += R"svg(<rect x=")svg" + n(lw) + R"svg(" width=")svg" + n(vw) +
         R"svg(" height="20" fill="#007ec6"/>)svg";
  svg += R"svg(<rect width=")svg" + n(w) + R"svg(" height="20" fill="url(#s)"/></g>)svg";
  svg +=
      R"svg(<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" )svg"
      R"svg(font-size="11">)svg";
  svg += R"svg(<text x=")svg" + n(lw / 2) + R"svg(" y="14">)svg" + l + "</text>";
  svg += R"svg(<text x=")svg" + n(lw + vw / 2) + R"svg(" y="14">)svg" + v + "</text></g></svg>\n";
  return svg;
}

http::Middleware ApiRateLimit(http::RateLimiter& limiter, const http::TrustedProxies& proxies) {
  return [&limiter, &proxies](Request& request, const http::Handler& next) -> Response {
    if (!request.path.starts_with("/api/")) {
      return next(request);
    }
    const std::string ip = proxies.ClientIp(request);
    std::chrono::seconds retry_after{0};
    if (ip.empty() || limiter.Allow(http::RateLimitKey(ip), &retry_after)) {
      return next(request);
    }
    Response r = Error(429, "Too Many Requests");
    r.Header("Retry-After", std::to_string(retry_after.count()));
    return r;
  };
}

void RegisterStatsRoutes(http::Router& router, db::ConnectionPool& pool) {
  // Every route reads the database: run on the worker threads.
  const http::RouteOptions db_work{.blocking = true};
  router.Add("GET", "/api/stats", db_work, [&pool](const Request&) { return SiteTotals(pool); });
  router.Add("GET", "/api/stats/packages/:type/:name", db_work,
             [&pool](const Request& r) { return ForPackage(r, pool, PackageMonths); });
  router.Add("GET", "/api/stats/packages/:type/:name/total", db_work,
             [&pool](const Request& r) { return ForPackage(r, pool, PackageTotals); });
  router.Add("GET", "/api/stats/packages/:type/:name/badge.svg", db_work,
             [&pool](const Request& r) { return PackageBadge(r, pool); });
}

}  // namespace wpp::api
