#include <set>

#include "base/strings.h"
#include "http/server.h"

namespace wpp::http {
namespace {

std::vector<std::string_view> PathParts(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    if (end > start) {
      parts.push_back(path.substr(start, end - start));
    }
    start = end + 1;
  }
  return parts;
}

}  // namespace

std::string Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) {
      return v;
    }
  }
  return {};
}

std::string Request::Query(const std::string& name, std::string fallback) const {
  auto it = query.lower_bound(name);
  return it == query.end() || it->first != name ? fallback : it->second;
}

std::vector<std::string> Request::QueryAll(const std::string& name) const {
  std::vector<std::string> values;
  const auto [first, last] = query.equal_range(name);
  for (auto it = first; it != last; ++it) {
    values.push_back(it->second);
  }
  return values;
}

Response Response::Json(std::string body, int status) {
  Response r{.status = status, .body = std::move(body)};
  r.Header("Content-Type", "application/json");
  return r;
}
Response Response::Text(std::string body, int status) {
  Response r{.status = status, .body = std::move(body)};
  r.Header("Content-Type", "text/plain; charset=utf-8");
  return r;
}
Response Response::Html(std::string body, int status) {
  Response r{.status = status, .body = std::move(body)};
  r.Header("Content-Type", "text/html; charset=utf-8");
  return r;
}
Response Response::NotFound() {
  return Text("404 page not found\n", 404);
}

Response Response::Defer() {
  Response r;
  r.status = 0;
  r.deferred = true;
  return r;
}

void Router::Add(std::string method, std::string pattern, Handler handler) {
  Add(std::move(method), std::move(pattern), RouteOptions{}, std::move(handler));
}

void Router::Add(std::string method, std::string pattern, RouteOptions options, Handler handler) {
  Route route{.method = std::move(method),
              .pattern = pattern,
              .segments = {},
              .wildcard = false,
              .options = options,
              .handler = std::move(handler)};
  for (std::string_view part : PathParts(pattern)) {
    if (part == "*") {
      route.wildcard = true;
      break;
    }
    route.segments.emplace_back(part);
  }
  routes_.push_back(std::move(route));
}

bool Router::Match(const Route& route, const std::vector<std::string_view>& parts,
                   std::map<std::string, std::string>* params) {
  if (parts.size() < route.segments.size() ||
      (!route.wildcard && parts.size() != route.segments.size())) {
    return false;
  }
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < route.segments.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (!seg.empty() && seg[0] == ':') {
      found[seg.substr(1)] = std::string(parts[i]);
    } else if (seg != parts[i]) {
      return false;
    }
  }
  if (route.wildcard) {
    std::string rest;
    for (size_t i = route.segments.size(); i < parts.size(); ++i) {
      rest += (rest.empty() ? "" : "/") + std::string(parts[i]);
    }
    found["*"] = rest;
  }
  *params = std::move(found);
  return true;
}

Handler Chain(std::vector<Middleware> middleware, Handler handler) {
  for (auto it = middleware.rbegin(); it != middleware.rend(); ++it) {
    handler = [outer = std::move(*it), inner = std::move(handler)](Request& request) {
      return outer(request, inner);
    };
  }
  return handler;
}

Response Router::Dispatch(Request& request) const {
  return RunMiddleware(0, request);
}

RouteOptions Router::OptionsFor(std::string_view method, std::string_view path) const {
  const auto parts = PathParts(path);
  const std::string_view wanted = method == "HEAD" ? "GET" : method;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (route.method == wanted && Match(route, parts, &params)) {
      return route.options;
    }
  }
  return {};
}

Response Router::RunMiddleware(size_t index, Request& request) const {
  if (index == middleware_.size()) {
    return Resolve(request);
  }
  return middleware_[index](request,
                            [this, index](Request& r) { return RunMiddleware(index + 1, r); });
}

Response Router::Resolve(Request& request) const {
  const auto parts = PathParts(request.path);
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  std::set<std::string> allowed;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(route, parts, &params)) {
      continue;
    }
    if (route.method == method) {
      request.params = std::move(params);
      request.context.route = route.pattern;
      return route.handler(request);
    }
    allowed.insert(route.method);
  }
  if (!allowed.empty()) {
    // Each method once; GET implies HEAD (the server answers HEAD as GET).
    if (allowed.contains("GET")) {
      allowed.insert("HEAD");
    }
    std::string allow;
    for (const std::string& m : allowed) {
      allow += (allow.empty() ? "" : ", ") + m;
    }
    Response r = Response::Text("405 method not allowed\n", 405);
    r.Header("Allow", allow);
    return r;
  }
  return not_found_ ? not_found_(request) : Response::NotFound();
}

}  // namespace wpp::http
