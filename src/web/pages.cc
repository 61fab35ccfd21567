#include "web/pages.h"

#include "base/log.h"
#include "base/strings.h"
#include "web/assets.h"
#include "web/middleware.h"
#include "web/pages_internal.h"

namespace wpp::web {
namespace internal {

std::string Clean(std::string_view text) {
  std::string valid = base::SanitizeUtf8(text);
  std::string out;
  out.reserve(valid.size());
  for (size_t i = 0; i < valid.size(); ++i) {
    // U+202A–U+202E are E2 80 AA–AE; U+2066–U+2069 are E2 81 A6–A9.
    if (i + 2 < valid.size() && valid[i] == '\xE2') {
      const auto b1 = static_cast<unsigned char>(valid[i + 1]);
      const auto b2 = static_cast<unsigned char>(valid[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) {
        i += 2;
        continue;
      }
    }
    out += valid[i];
  }
  return out;
}

std::string MdEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : Clean(text)) {
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

namespace {

// docs/behaviour.md §17.9.
constexpr size_t kListingCacheBytes = 32 << 20;
constexpr std::chrono::seconds kListingCacheTtl{30};
// The search index is loaded again at most this often (docs/behaviour.md §17.10).
constexpr std::chrono::seconds kSearchIndexMaxAge{30};
constexpr size_t kRecentEtagEntries = 200000;
constexpr size_t kPackageCacheBytes = 64 << 20;

}  // namespace

void RegisterSite(http::Router& router, const Renderer& renderer) {
  router.Use(PageMiddleware(renderer));
  router.SetNotFound(NotFoundPage(renderer));
  RegisterAssetRoutes(router);
}

void RegisterPages(http::Router& router, db::ConnectionPool& pool, const Renderer& renderer,
                   PagesOptions options) {
  const std::chrono::seconds recent_window = options.recent_window;
  auto deps = std::make_shared<internal::Deps>(internal::Deps{
      .pool = pool,
      .renderer = renderer,
      .options = std::move(options),
      .listings = std::make_unique<PageCache>(kListingCacheBytes, kListingCacheTtl, 1),
      .packages = std::make_unique<PageCache>(kPackageCacheBytes, std::chrono::seconds(0)),
      .recent = std::make_unique<RecentEtags>(recent_window, kRecentEtagEntries),
      .statements = std::make_unique<StatementCache>(),
      .search = std::make_unique<LiveSearchIndex>(pool, kSearchIndexMaxAge)});
  const std::string app_url = deps->options.app_url;
  AddPage(router,
          {.pattern = "/",
           .content_keys = {"page", "search", "sort", "type"},
           .app_url = app_url,
           .inline_first = true},
          [deps](const http::Request& r, Format f) { return internal::HomePage(r, f, *deps); });
  router.Add("GET", "/packages-partial", {.blocking = true, .inline_first = true},
             [deps](const http::Request& r) { return internal::HomePartial(r, *deps); });
  AddPage(router,
          {.pattern = "/packages/:type/:name",
           .content_keys = {},
           .app_url = app_url,
           .inline_first = true},
          [deps](const http::Request& r, Format f) { return internal::PackagePage(r, f, *deps); });
}

}  // namespace wpp::web
