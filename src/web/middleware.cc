#include "web/middleware.h"

#include "base/strings.h"
#include "base/text.h"
#include "http/file_cache.h"
#include "web/markdown.h"
#include "web/page_cache.h"

namespace wpp::web {
namespace {

constexpr size_t kGzipMinBytes = 1024;

bool IsGet(const http::Request& r) {
  return r.method == "GET" || r.method == "HEAD";
}

bool SameToken(std::string_view a, std::string_view b) {
  return base::ToLower(base::Trim(a)) == base::ToLower(base::Trim(b));
}

// Paths whose ".md" is never a Markdown representation (docs/behaviour.md §17.5).
bool NeverNegotiated(std::string_view path) {
  for (std::string_view prefix : {"/p2/", "/api/", "/assets/", "/og/", "/admin", "/_"}) {
    if (path.starts_with(prefix)) {
      return true;
    }
  }
  return false;
}

std::string QueryString(const http::Request& request) {
  std::string q;
  for (const auto& [k, v] : request.query) {
    q += (q.empty() ? "?" : "&") + base::FormEncode(k) + "=" + base::FormEncode(v);
  }
  return q;
}

// 301 target for a path with a trailing slash (docs/behaviour.md §17.1).
std::string WithoutSlash(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') {
    path.remove_suffix(1);
  }
  // /packages and /packages/<type> are not pages: the browser is.
  const auto parts = base::Split(path.substr(1), '/');
  if (!parts.empty() && parts[0] == "packages" && parts.size() <= 2) {
    return "/";
  }
  return std::string(path);
}

void SecurityHeaders(http::Response& r, const std::string& csp, bool https, bool html) {
  r.Header("X-Content-Type-Options", "nosniff");
  r.Header("X-Frame-Options", "DENY");
  r.Header("Referrer-Policy", "strict-origin-when-cross-origin");
  r.Header("Cross-Origin-Opener-Policy", "same-origin");
  r.Header("Permissions-Policy", "interest-cohort=(), browsing-topics=()");
  if (https) {
    r.Header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  if (html) {
    r.Header("Content-Security-Policy", csp);
  }
}

}  // namespace

std::string ResponseHeader(const http::Response& response, std::string_view name) {
  for (const auto& [k, v] : response.headers) {
    if (SameToken(k, name)) {
      return v;
    }
  }
  return {};
}

void AddVary(http::Response& response, std::string_view token) {
  for (auto& [k, v] : response.headers) {
    if (!SameToken(k, "vary")) {
      continue;
    }
    for (const std::string& part : base::Split(v, ',')) {
      if (SameToken(part, token)) {
        return;
      }
    }
    v += ", " + std::string(token);
    return;
  }
  response.Header("Vary", std::string(token));
}

std::string ContentSecurityPolicy(bool https) {
  // No inline scripts and no third-party hosts (docs/behaviour.md §17.1).
  std::string csp =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
      "form-action 'self'; object-src 'none'; manifest-src 'self'";
  if (https) {
    csp += "; upgrade-insecure-requests";
  }
  return csp;
}

std::string PageEtag(const Renderer& renderer, std::initializer_list<std::string_view> seeds) {
  std::string all = renderer.version();
  for (std::string_view s : seeds) {
    all += '\0';
    all += s;
  }
  return BodyEtag(all);
}

std::optional<http::Response> NotModified(const http::Request& request, const std::string& etag,
                                          std::string_view cache_control) {
  if (!http::EtagMatches(request.Header("if-none-match"), etag)) {
    return std::nullopt;
  }
  http::Response r{.status = 304};
  r.Header("ETag", etag);
  if (!cache_control.empty()) {
    r.Header("Cache-Control", std::string(cache_control));
  }
  r.Header("Content-Type", "text/html; charset=utf-8");
  return r;
}

http::Response HtmlPage(std::string body, std::string_view cache_control, std::string etag) {
  http::Response r = http::Response::Html(std::move(body));
  if (!cache_control.empty()) {
    r.Header("Cache-Control", std::string(cache_control));
  }
  if (!etag.empty()) {
    r.Header("ETag", std::move(etag));
  }
  return r;
}

http::Response NotFoundResponse(const Renderer& renderer) {
  Value data;
  PageMeta meta{.title = "Page not found", .noindex = true};
  http::Response r = http::Response::Html(renderer.Page(meta, "not_found", data), 404);
  r.Header("Cache-Control", "no-store");
  return r;
}

http::Handler NotFoundPage(const Renderer& renderer) {
  return [&renderer](http::Request&) { return NotFoundResponse(renderer); };
}

http::Middleware PageMiddleware(const Renderer& renderer) {
  const bool https = base::StartsWith(renderer.site().app_url, "https://");
  return [&renderer, https, csp = ContentSecurityPolicy(https)](http::Request& request,
                                                                const http::Handler& next) {
    const bool get = IsGet(request);
    if (get && request.path.size() > 1 && request.path.back() == '/') {
      http::Response r{.status = 301};
      r.Header("Location", WithoutSlash(request.path) + QueryString(request));
      r.Header("Content-Type", "text/plain; charset=utf-8");
      r.body = "moved\n";
      return r;
    }
    std::shared_ptr<bool> markdown_served;
    if (get && request.path.ends_with(".md") && !NeverNegotiated(request.path)) {
      std::string stripped = request.path.substr(0, request.path.size() - 3);
      if (stripped.empty() || stripped == "/index") {
        stripped = "/";
      }
      request.path = std::move(stripped);
      MarkdownSuffix suffix;
      markdown_served = suffix.served;
      request.context.Set(std::move(suffix));
    }
    http::Response r = next(request);
    if (r.deferred) {
      return r;
    }
    if (markdown_served && !*markdown_served) {
      // No page answers in Markdown at that path (docs/behaviour.md §17.5).
      return http::Response::Text("404 page not found\n", 404);
    }
    const std::string type = ResponseHeader(r, "content-type");
    const bool html = type.starts_with("text/html");
    if (!html && !type.starts_with("text/markdown")) {
      return r;
    }
    SecurityHeaders(r, csp, https, html);
    if (r.status != 200 || r.file_fd >= 0 || r.shared_body) {
      return r;
    }
    std::string etag = ResponseHeader(r, "etag");
    if (etag.empty()) {
      etag = BodyEtag(r.body);
      r.Header("ETag", etag);
    }
    AddVary(r, "Accept-Encoding");
    if (http::EtagMatches(request.Header("if-none-match"), etag)) {
      r.status = 304;
      r.body.clear();
      return r;
    }
    if (r.body.size() >= kGzipMinBytes && http::AcceptsGzip(request)) {
      std::string gz = http::Gzip(r.body);
      if (!gz.empty()) {
        r.body = std::move(gz);
        r.Header("Content-Encoding", "gzip");
      }
    }
    return r;
  };
}

}  // namespace wpp::web
