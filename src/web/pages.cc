#include "web/pages.h"

#include "base/log.h"
#include "base/strings.h"
#include "web/assets.h"
#include "web/middleware.h"
#include "web/pages_internal.h"

namespace wpp::web {
namespace internal {

std::string MdEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : base::SanitizeUtf8(text)) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\`*_{}[]()<>#+!|~").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

http::Response ServerError(const Renderer& renderer, std::string_view what,
                           std::string_view error) {
  base::log::Error("page failed", {{"page", std::string(what)}, {"error", std::string(error)}});
  Value data;
  data.Set("message", "Something went wrong on our side. Please try again in a moment.");
  http::Response r = http::Response::Html(
      renderer.Page({.title = "Server error", .noindex = true}, "not_found", data), 500);
  r.Header("Cache-Control", "no-store");
  return r;
}

std::string Clip(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return std::string(text);
  }
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(text.substr(0, end)) + "…";
}

}  // namespace internal

void RegisterSite(http::Router& router, const Renderer& renderer) {
  router.Use(PageMiddleware(renderer));
  router.SetNotFound(NotFoundPage(renderer));
  RegisterAssetRoutes(router);
}

void RegisterPages(http::Router& router, db::ConnectionPool& pool, const Renderer& renderer,
                   PagesOptions options) {
  auto deps = std::make_shared<internal::Deps>(
      internal::Deps{.pool = pool, .renderer = renderer, .options = std::move(options)});
  const std::string app_url = deps->options.app_url;
  AddPage(router,
          {.pattern = "/", .content_keys = {"page", "search", "sort", "type"}, .app_url = app_url},
          [deps](const http::Request& r, Format f) { return internal::HomePage(r, f, *deps); });
  router.Add("GET", "/packages-partial", {.blocking = true},
             [deps](const http::Request& r) { return internal::HomePartial(r, *deps); });
  AddPage(router, {.pattern = "/packages/:type/:name", .content_keys = {}, .app_url = app_url},
          [deps](const http::Request& r, Format f) { return internal::PackagePage(r, f, *deps); });
}

}  // namespace wpp::web
