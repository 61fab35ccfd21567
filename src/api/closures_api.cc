#include "api/closures_api.h"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "base/strings.h"

namespace wpp::api {
namespace {

using http::Request;
using http::Response;

constexpr int64_t kPerPage = 50;
constexpr size_t kMaxSegment = 200;  // Longer names and slugs are refused (400).
constexpr char kLongCache[] = "public, max-age=3600";
constexpr char kShortCache[] = "public, max-age=300";

Response JsonBody(std::string body, int status = 200) {
  body += '\n';
  return Response::Json(std::move(body), status);
}

Response TextError(std::string message, int status) {
  Response r = Response::Text(message + "\n", status);
  r.Header("X-Content-Type-Options", "nosniff");
  return r;
}

// "plugin", "wp-plugin", "theme", "wp-theme" → "plugin"/"theme".
std::optional<std::string> NormaliseType(std::string_view type) {
  if (base::StartsWith(type, "wp-")) {
    type.remove_prefix(3);
  }
  if (type == "plugin" || type == "theme") {
    return std::string(type);
  }
  return std::nullopt;
}

// A package or vendor slug as WordPress.org makes them: ASCII letters,
// digits, "-", "_", "."; not "." or ".."; at most kMaxSegment bytes. This
// refuses NUL bytes, invalid UTF-8 and path tricks before any query.
bool ValidSlug(std::string_view s) {
  if (s.empty() || s.size() > kMaxSegment || s == "." || s == "..") {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

// "2026-04-27T13:03:45Z" → "April 27, 2026"; anything else as is.
std::string LongDate(const std::string& rfc3339) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  if (rfc3339.size() < 10 || rfc3339[4] != '-' || rfc3339[7] != '-') {
    return rfc3339;
  }
  const auto year = base::ParseInt(std::string_view(rfc3339).substr(0, 4));
  const auto month = base::ParseInt(std::string_view(rfc3339).substr(5, 2));
  const auto day = base::ParseInt(std::string_view(rfc3339).substr(8, 2));
  if (!year || !month || !day || *month < 1 || *month > 12) {
    return rfc3339;
  }
  return std::string(kMonths[*month - 1]) + " " + std::to_string(*day) + ", " +
         std::to_string(*year);
}

void AppendString(std::string_view s, std::string* out) {
  base::AppendJsonString(s, out);
}

// One closure_events row as JSON; the columns are id, vendor_name,
// vendor_slug, detected_at, plugin_slugs, plugin_count.
void AppendEvent(SQLite::Statement& q, std::string* out) {
  const std::string detected = q.getColumn(3).getString();
  *out += "{\"id\":" + std::to_string(q.getColumn(0).getInt64()) + ",\"vendor_name\":";
  AppendString(q.getColumn(1).getString(), out);
  *out += ",\"vendor_slug\":";
  AppendString(q.getColumn(2).getString(), out);
  *out += ",\"detected_at\":";
  AppendString(detected, out);
  *out += ",\"detected_at_formatted\":";
  AppendString(LongDate(detected), out);
  *out += ",\"plugin_slugs\":[";
  const auto slugs = nlohmann::json::parse(q.getColumn(4).getString(), nullptr, false);
  bool first = true;
  if (slugs.is_array()) {
    for (const auto& slug : slugs) {
      if (slug.is_string()) {
        *out += first ? "" : ",";
        AppendString(slug.get<std::string>(), out);
        first = false;
      }
    }
  }
  *out += "],\"plugin_count\":" + std::to_string(q.getColumn(5).getInt64()) + "}";
}

// Every row of `q` as ",\"events\":[…]"; returns how many there were.
int AppendEvents(SQLite::Statement& q, std::string* out) {
  *out += ",\"events\":[";
  int n = 0;
  while (q.executeStep()) {
    *out += n++ == 0 ? "" : ",";
    AppendEvent(q, out);
  }
  *out += "]";
  return n;
}

constexpr char kEventColumns[] =
    "SELECT id, vendor_name, vendor_slug, detected_at, plugin_slugs, plugin_count "
    "FROM closure_events ";

class ClosuresApi {
 public:
  ClosuresApi(db::ConnectionPool& pool, const ClosuresApiOptions& options)
      : pool_(pool), app_url_(options.app_url) {
    while (!app_url_.empty() && app_url_.back() == '/') {
      app_url_.pop_back();
    }
  }

  Response Closed(const Request& request, bool permanent_only) {
    const auto type = NormaliseType(request.params.at("type"));
    if (!type) {
      return TextError("unknown package type", 404);
    }
    auto db = pool_.Acquire();
    SQLite::Statement q(db->sql(), permanent_only ? "SELECT name FROM packages WHERE type = ?1 "
                                                    "AND permanently_closed = 1 ORDER BY name"
                                                  : "SELECT name FROM packages WHERE type = ?1 "
                                                    "AND is_active = 0 ORDER BY name");
    q.bind(1, *type);
    std::string body = "[";
    while (q.executeStep()) {
      body += body.size() > 1 ? "," : "";
      AppendString(q.getColumn(0).getString(), &body);
    }
    body += "]";
    Response r = JsonBody(std::move(body));
    r.Header("Cache-Control", kLongCache);
    return r;
  }

  Response Closure(const Request& request) {
    const auto type = NormaliseType(request.params.at("type"));
    if (!type) {
      return TextError("unknown package type", 404);
    }
    const std::string& name = request.params.at("name");
    if (!ValidSlug(name)) {
      return TextError("invalid package name", 400);
    }
    auto db = pool_.Acquire();
    SQLite::Statement q(db->sql(),
                        "SELECT is_active, permanently_closed, closed_date, closed_reason, "
                        "closed_reason_text, closed_permanent, closed_seen_at FROM packages "
                        "WHERE type = ?1 AND name = ?2");
    q.bind(1, *type);
    q.bind(2, name);
    if (!q.executeStep()) {
      return TextError("package not found", 404);
    }
    const bool active = q.getColumn(0).getInt() != 0;
    const auto text = [&](int column) {
      std::string out;
      if (active || q.getColumn(column).isNull()) {
        return std::string("null");
      }
      AppendString(q.getColumn(column).getString(), &out);
      return out;
    };
    std::string body = "{\"type\":\"" + *type + "\",\"name\":";
    AppendString(name, &body);
    body += std::string(",\"closed\":") + (active ? "false" : "true");
    body +=
        std::string(",\"permanently_closed\":") + (q.getColumn(1).getInt() != 0 ? "true" : "false");
    body +=
        ",\"closed_date\":" + text(2) + ",\"reason\":" + text(3) + ",\"reason_text\":" + text(4);
    body += ",\"closure_permanent\":";
    body += active || q.getColumn(5).isNull() ? "null"
                                              : (q.getColumn(5).getInt() != 0 ? "true" : "false");
    body += ",\"seen_at\":" + text(6) + "}";
    Response r = JsonBody(std::move(body));
    r.Header("Cache-Control", kShortCache);
    return r;
  }

  Response Events(const Request& request) {
    int64_t page = base::ParseInt(request.Query("page")).value_or(1);
    page = std::clamp<int64_t>(page, 1, int64_t{1} << 40);
    const std::string sort = request.Query("sort") == "closures" ? "closures" : "recent";
    auto db = pool_.Acquire();
    const int64_t total = db->sql().execAndGet("SELECT COUNT(*) FROM closure_events").getInt64();
    SQLite::Statement q(db->sql(),
                        std::string(kEventColumns) +
                            (sort == "closures" ? "ORDER BY plugin_count DESC, detected_at DESC, "
                                                  "id DESC LIMIT ?1 OFFSET ?2"
                                                : "ORDER BY detected_at DESC, id DESC LIMIT ?1 "
                                                  "OFFSET ?2"));
    q.bind(1, kPerPage);
    q.bind(2, (page - 1) * kPerPage);
    std::string body = "{\"documentation_url\":";
    AppendString(app_url_ + "/docs#api-closures", &body);
    AppendEvents(q, &body);
    const int64_t pages = std::max<int64_t>(1, (total + kPerPage - 1) / kPerPage);
    body += ",\"page\":" + std::to_string(page) + ",\"per_page\":" + std::to_string(kPerPage) +
            ",\"sort\":\"" + sort + "\",\"total\":" + std::to_string(total) +
            ",\"total_pages\":" + std::to_string(pages) + "}";
    Response r = JsonBody(std::move(body));
    r.Header("Cache-Control", kLongCache);
    return r;
  }

  Response Vendor(const Request& request) {
    const std::string& slug = request.params.at("vendor_slug");
    std::string body = "{\"documentation_url\":";
    AppendString(app_url_ + "/docs#api-vendor-closures", &body);
    if (!ValidSlug(slug)) {  // No Cache-Control on errors: a CDN never keeps them.
      return JsonBody(body + ",\"error\":\"invalid vendor slug\"}", 400);
    }
    auto db = pool_.Acquire();
    SQLite::Statement q(db->sql(), std::string(kEventColumns) +
                                       "WHERE vendor_slug = ?1 ORDER BY detected_at DESC, id DESC");
    q.bind(1, slug);
    std::string events;
    if (AppendEvents(q, &events) == 0) {
      return JsonBody(body + ",\"error\":\"vendor not found\"}", 404);
    }
    Response r = JsonBody(body + events + "}");
    r.Header("Cache-Control", kLongCache);
    return r;
  }

 private:
  db::ConnectionPool& pool_;
  std::string app_url_;
};

}  // namespace

void RegisterClosureRoutes(http::Router& router, db::ConnectionPool& pool,
                           const ClosuresApiOptions& options) {
  auto api = std::make_shared<ClosuresApi>(pool, options);
  const http::RouteOptions db_work{.blocking = true};
  router.Add("GET", "/api/packages/:type/closed", db_work,
             [api](const Request& r) { return api->Closed(r, false); });
  router.Add("GET", "/api/packages/:type/closed/permanent", db_work,
             [api](const Request& r) { return api->Closed(r, true); });
  router.Add("GET", "/api/packages/:type/:name/closure", db_work,
             [api](const Request& r) { return api->Closure(r); });
  router.Add("GET", "/api/closures", db_work, [api](const Request& r) { return api->Events(r); });
  router.Add("GET", "/api/closures/:vendor_slug", db_work,
             [api](const Request& r) { return api->Vendor(r); });
}

}  // namespace wpp::api
