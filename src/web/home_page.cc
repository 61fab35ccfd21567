// GET / and GET /packages-partial: the package browser (docs/behaviour.md §17.7).

#include <nlohmann/json.hpp>

#include "api/stats_api.h"
#include "api/stats_store.h"
#include "base/strings.h"
#include "base/text.h"
#include "web/catalog_store.h"
#include "web/format.h"
#include "web/middleware.h"
#include "web/pages_internal.h"

namespace wpp::web::internal {
namespace {

constexpr char kHtmlType[] = "text/html; charset=utf-8";
constexpr char kHomeCache[] = "public, max-age=60, s-maxage=300, stale-while-revalidate=3600";

BrowseQuery ParseQuery(const http::Request& request) {
  BrowseQuery q;
  q.search = std::string(base::Trim(request.Query("search")));
  q.type = request.Query("type");
  q.sort = request.Query("sort");
  if (q.sort != "active_installs" && q.sort != "updated" && q.sort != "name") {
    q.sort = "composer_installs";
  }
  const auto page = base::ParseInt(request.Query("page"));
  q.page = page && *page >= 1 ? static_cast<int>(std::min<int64_t>(*page, kMaxPage + 1)) : 1;
  return q;
}

// "?page=2&search=x" of a query (only non-default values, keys sorted), or "".
std::string QueryString(const BrowseQuery& q, int page) {
  std::string out;
  const auto add = [&out](std::string_view key, std::string_view value) {
    out += (out.empty() ? "?" : "&") + std::string(key) + "=" + base::FormEncode(value);
  };
  if (page > 1) {
    add("page", std::to_string(page));
  }
  if (!q.search.empty()) {
    add("search", q.search);
  }
  if (q.sort != "composer_installs") {
    add("sort", q.sort);
  }
  if (!q.type.empty()) {
    add("type", q.type);
  }
  return out;
}

std::string PackageUrl(std::string_view type, std::string_view name) {
  return "/packages/wp-" + std::string(type) + "/" + base::PercentEncode(name);
}

Value Results(const BrowseQuery& q, const BrowseResult& result) {
  Value out;
  Value cards = Value::List();
  for (const PackageCard& c : result.cards) {
    Value card;
    card.Set("url", PackageUrl(c.type, c.name));
    card.Set("title", Clean(c.display_name.empty() ? c.name : c.display_name));
    card.Set("composer_name", "wp-" + c.type + "/" + c.name);
    card.Set("version", Clean(c.current_version));
    card.Set("type", c.type);
    card.Set("description", Clip(Clean(c.description), 300));
    card.Set("active", api::CompactCount(c.active_installs));
    card.Set("composer", api::CompactCount(c.composer_installs));
    cards.Push(std::move(card));
  }
  out.Set("empty", result.cards.empty());
  out.Set("cards", std::move(cards));
  out.Set("page", q.page);
  const bool prev = q.page > 1;
  const bool next = result.has_next && q.page < kMaxPage;
  out.Set("paged", prev || next);
  if (prev) {
    out.Set("prev_href", "/" + QueryString(q, q.page - 1));
    out.Set("prev_hx", "/packages-partial" + QueryString(q, q.page - 1));
  }
  if (next) {
    out.Set("next_href", "/" + QueryString(q, q.page + 1));
    out.Set("next_hx", "/packages-partial" + QueryString(q, q.page + 1));
  }
  return out;
}

std::string Heading(const BrowseQuery& q) {
  if (!q.search.empty()) {
    return "Search: \"" + MdEscape(q.search) + "\"";
  }
  return q.type == "plugin" ? "Plugins" : q.type == "theme" ? "Themes" : "Packages";
}

std::string IndexMarkdown(const Deps& deps, const BrowseQuery& q, const BrowseResult& result) {
  const std::string& base = deps.options.app_url;
  std::string md = "# " + Heading(q) + "\n\n[← " + MdEscape(deps.renderer.site().site_name) +
                   " home](" + base + "/index.md)\n\n";
  if (result.cards.empty()) {
    md += "_No packages match._\n";
  }
  for (const PackageCard& c : result.cards) {
    md += "- [" + MdEscape(c.display_name.empty() ? c.name : c.display_name) + "](" + base +
          PackageUrl(c.type, c.name) + ") — `composer require wp-" + c.type + "/" + c.name + "`";
    if (!c.current_version.empty()) {
      md += " · v" + MdEscape(c.current_version);
    }
    if (c.active_installs > 0) {
      md += " · " + api::CompactCount(c.active_installs) + " active installs";
    }
    md += "\n";
  }
  std::vector<std::string> footer;
  if (q.page > 1) {
    footer.push_back("[← Previous page](" + base + "/index.md" + QueryString(q, q.page - 1) + ")");
  }
  footer.push_back("Page " + std::to_string(q.page));
  if (result.has_next) {
    footer.push_back("[Next page →](" + base + "/index.md" + QueryString(q, q.page + 1) + ")");
  }
  if (footer.size() > 1) {
    md += "\n---\n\n";
    for (size_t i = 0; i < footer.size(); ++i) {
      md += (i ? " · " : "") + footer[i];
    }
    md += "\n";
  }
  return md;
}

std::string HomeMarkdown(const Deps& deps) {
  const std::string& site = deps.renderer.site().site_name;
  const std::string url =
      deps.options.app_url.empty() ? "https://<this host>" : deps.options.app_url;
  return "# " + MdEscape(site) + "\n\n" + MdEscape(site) +
         " is a Composer repository of WordPress.org plugins and themes.\n\n"
         "## Use it\n\n```sh\ncomposer config repositories." +
         base::ToLower(MdEscape(site)) + " composer " + url +
         "\ncomposer require wp-plugin/akismet wp-theme/twentytwentyfive\n```\n\n"
         "Plugins are `wp-plugin/<slug>`, themes `wp-theme/<slug>`, where `<slug>` is the "
         "WordPress.org slug.\n\n## Find packages\n\n"
         "- Search: `" +
         deps.options.app_url +
         "/index.md?search=<words>`\n"
         "- A package: `" +
         deps.options.app_url +
         "/packages/wp-plugin/<slug>.md`\n"
         "- Statistics API: `" +
         deps.options.app_url + "/api/stats`\n";
}

std::string WebsiteJsonLd(const Deps& deps) {
  const std::string root = deps.renderer.Absolute("/");
  nlohmann::json doc = {{"@context", "https://schema.org"},
                        {"@type", "WebSite"},
                        {"name", deps.renderer.site().site_name},
                        {"url", root},
                        {"potentialAction",
                         {{"@type", "SearchAction"},
                          {"target", root + "?search={search_term_string}"},
                          {"query-input", "required name=search_term_string"}}}};
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Value FormValues(const BrowseQuery& q, const api::SiteStats& stats) {
  Value data;
  data.Set("search", Clean(q.search));
  data.Set("type_plugin", q.type == "plugin");
  data.Set("type_theme", q.type == "theme");
  data.Set("sort_" + q.sort, true);
  data.Set("plugin_installs", api::CompactCount(stats.plugin_installs));
  data.Set("theme_installs", api::CompactCount(stats.theme_installs));
  data.Set("packages_total", Comma(stats.active_plugins + stats.active_themes));
  return data;
}

// From the search index when it can answer, else from SQLite
// (docs/behaviour.md §17.10).
base::Result<BrowseResult> Browse(const Deps& deps, const BrowseQuery& q) {
  if (auto index = deps.search->Get()) {
    if (auto result = index->Browse(q)) {
      return std::move(*result);
    }
  }
  auto db = deps.pool.Acquire();
  return CatalogStore(*db, deps.statements.get()).Browse(q);
}

}  // namespace

http::Response HomePage(const http::Request& request, Format format, const Deps& deps) {
  const BrowseQuery q = ParseQuery(request);
  const std::string content_query = ContentQuery(request, {"page", "search", "sort", "type"});
  const std::string key = "home" + QueryString(q, q.page) + "|" + content_query;
  if (format == Format::kHtml) {
    if (auto hit = deps.listings->Get(key)) {
      return ServeCached(request, *hit, kHomeCache);
    }
  }
  if (!request.may_block) {
    return http::Response::Defer();  // Not in memory: on a worker.
  }
  if (format == Format::kMarkdown && content_query.empty()) {
    return MarkdownResponse(HomeMarkdown(deps),
                            "public, max-age=300, s-maxage=3600, stale-while-revalidate=86400");
  }
  auto result = Browse(deps, q);
  if (!result) {
    return ServerError(deps.renderer, "home", result.error().message());
  }
  if (format == Format::kMarkdown) {
    return MarkdownResponse(IndexMarkdown(deps, q, *result), kHomeCache);
  }
  auto stats = api::StatsStore(*deps.pool.Acquire()).Site();
  if (!stats) {
    return ServerError(deps.renderer, "home", stats.error().message());
  }
  Value data = FormValues(q, stats->value_or(api::SiteStats{}));
  data.Set("results", Results(q, *result));
  PageMeta meta{.title = q.search.empty() ? "" : "Search: " + Clip(Clean(q.search), 80),
                .description = "Every WordPress.org plugin and theme as a Composer package.",
                .path = "/",
                .noindex = q.page > 1,
                .nav = "packages",
                .markdown_url = MarkdownSibling(deps.options.app_url, request,
                                                {"page", "search", "sort", "type"}),
                .json_ld = {WebsiteJsonLd(deps)}};
  if (deps.options.og_image_url) {
    meta.og_image = deps.options.og_image_url("", "", false);
  }
  auto page = deps.listings->Put(key, deps.renderer.Page(meta, "home", data), kHtmlType);
  return ServeCached(request, *page, kHomeCache);
}

http::Response HomePartial(const http::Request& request, const Deps& deps) {
  const BrowseQuery q = ParseQuery(request);
  const std::string key = "partial" + QueryString(q, q.page);
  auto page = deps.listings->Get(key);
  if (!page && !request.may_block) {
    return http::Response::Defer();  // Not in memory: on a worker.
  }
  if (!page) {
    auto result = Browse(deps, q);
    if (!result) {
      return ServerError(deps.renderer, "packages-partial", result.error().message());
    }
    page = deps.listings->Put(
        key, deps.renderer.Fragment("partials/package_results", Results(q, *result)), kHtmlType);
  }
  http::Response r = ServeCached(request, *page, "");
  r.Header("X-Robots-Tag", "noindex");
  // The address bar follows the search (docs/behaviour.md §17.7).
  r.Header("HX-Push-Url", "/" + QueryString(q, q.page));
  return r;
}

}  // namespace wpp::web::internal
