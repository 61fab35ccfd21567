#include "web/site_pages.h"

#include <algorithm>
#include <memory>

#include "base/strings.h"
#include "web/middleware.h"
#include "web/site_pages_internal.h"

namespace wpp::web {
namespace site {

std::optional<http::Response> ResponseCache::Get(const http::Request& request,
                                                 const std::string& key,
                                                 base::Clock::TimePoint now) {
  std::shared_ptr<const CachedPage> page;
  std::string cache_control;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.expires <= now) {
      return std::nullopt;
    }
    page = it->second.page;
    cache_control = it->second.cache_control;
  }
  return ServeCached(request, *page, cache_control);
}

http::Response ResponseCache::Put(const http::Request& request, const std::string& key,
                                  const http::Response& response, base::Clock::TimePoint expires) {
  auto page = std::make_shared<CachedPage>();
  page->body = std::make_shared<const std::string>(response.body);
  page->etag = BodyEtag(response.body);
  page->content_type = ResponseHeader(response, "content-type");
  std::string cache_control = ResponseHeader(response, "cache-control");
  http::Response answer = ServeCached(request, *page, cache_control);
  std::lock_guard<std::mutex> lock(mu_);
  entries_.insert_or_assign(key, Entry{.expires = expires,
                                       .page = std::move(page),
                                       .cache_control = std::move(cache_control)});
  return answer;
}

std::string Ago(base::Clock::TimePoint now, const std::string& rfc3339) {
  const auto then = base::ParseRfc3339(rfc3339);
  if (!then) {
    return {};
  }
  const int64_t s =
      std::max<int64_t>(0, std::chrono::duration_cast<std::chrono::seconds>(now - *then).count());
  const auto unit = [](int64_t n, const char* name) {
    return std::to_string(n) + " " + name + (n == 1 ? "" : "s") + " ago";
  };
  if (s < 60) {
    return "just now";
  }
  if (s < 3600) {
    return unit(s / 60, "minute");
  }
  if (s < 86400) {
    return unit(s / 3600, "hour");
  }
  if (s < 86400 * 60) {
    return unit(s / 86400, "day");
  }
  if (s < 86400 * 730) {
    return unit(s / (86400 * 30), "month");
  }
  return unit(s / (86400 * 365), "year");
}

std::string ShortDate(const std::string& rfc3339) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (!base::ParseRfc3339(rfc3339)) {
    return rfc3339;
  }
  const auto month = base::ParseInt(std::string_view(rfc3339).substr(5, 2)).value_or(1);
  return std::string(kMonths[std::clamp<int64_t>(month, 1, 12) - 1]) + " " + rfc3339.substr(8, 2) +
         ", " + rfc3339.substr(0, 4);
}

int64_t PageParam(const http::Request& request) {
  const auto page = base::ParseInt(request.Query("page"));
  return page && *page >= 1 ? std::min<int64_t>(*page, 10000) : 1;
}

void SetSiteFields(const Deps& deps, Value& data) {
  const std::string& name = deps.renderer.site().site_name;
  const std::string url =
      deps.options.app_url.empty() ? "https://your-repository.example" : deps.options.app_url;
  data.Set("site_name", name);
  data.Set("repo_url", url);
  data.Set("repo_key", base::ToLower(name));
  data.Set("config_command",
           "composer config repositories." + base::ToLower(name) + " composer " + url);
}

void SetText(Value& value, std::string key, std::string text) {
  if (!text.empty()) {
    value.Set(std::move(key), std::move(text));
  }
}

std::string OgImage(const Deps& deps, std::string_view page) {
  return deps.options.og_image_url ? deps.options.og_image_url(page) : std::string();
}

http::Response ContentPage(const http::Request& request, Format format, const Deps& deps,
                           const ContentPageSpec& spec) {
  constexpr char kContentCache[] = "public, max-age=3600, stale-while-revalidate=86400";
  Value data;
  SetSiteFields(deps, data);
  if (format == Format::kMarkdown) {
    return MarkdownResponse(deps.renderer.Fragment(spec.name + "_md", data), kContentCache);
  }
  const PageMeta meta{.title = spec.title,
                      .description = spec.description,
                      .path = spec.path,
                      .og_image = OgImage(deps, spec.name),
                      .noindex = false,
                      .nav = spec.nav,
                      .markdown_url = MarkdownSibling(deps.options.app_url, request, {}),
                      .json_ld = {}};
  return HtmlPage(deps.renderer.Page(meta, spec.name, data), kContentCache);
}

}  // namespace site

void RegisterSitePages(http::Router& router, db::ConnectionPool& pool, const Renderer& renderer,
                       base::Clock& clock, SitePagesOptions options) {
  auto deps = std::make_shared<site::Deps>(site::Deps{
      .pool = pool, .renderer = renderer, .clock = clock, .options = std::move(options)});
  const std::string app_url = deps->options.app_url;
  const auto page = [&](std::string pattern, std::vector<std::string> keys, auto fn,
                        bool inline_first = false) {
    AddPage(router,
            {.pattern = std::move(pattern),
             .content_keys = std::move(keys),
             .app_url = app_url,
             .inline_first = inline_first},
            [deps, fn](const http::Request& r, Format f) { return fn(r, f, *deps); });
  };
  page("/status", {}, site::StatusPage, /*inline_first=*/true);
  page("/closures", {"page", "sort"}, site::ClosuresPage);
  page("/closures/:vendor_slug", {}, site::VendorPage);
  page("/untagged", {"author", "filter", "page", "search", "sort"}, site::Untagged);
  page("/docs", {}, site::DocsPage);
  page("/compare", {}, site::ComparePage);
  page("/wordpress-core", {}, site::WordpressCorePage);
  router.Add("GET", "/untagged-partial", {.blocking = true},
             [deps](const http::Request& r) { return site::UntaggedFragment(r, *deps); });
  router.Add("GET", "/untagged-authors", {.blocking = true},
             [deps](const http::Request& r) { return site::UntaggedAuthorList(r, *deps); });
  // The original's names of the comparison and WordPress core pages
  // (docs/behaviour.md §18.13).
  for (const auto& [from, to] :
       std::vector<std::pair<std::string, std::string>>{{"/wp-packages-vs-wpackagist", "/compare"},
                                                        {"/wp-composer-vs-wpackagist", "/compare"},
                                                        {"/roots-wordpress", "/wordpress-core"}}) {
    router.Get(from, [to = to](const http::Request&) {
      http::Response r = http::Response::Text("moved\n", 301);
      r.Header("Location", to);
      return r;
    });
  }
}

}  // namespace wpp::web
