// GET /untagged, /untagged-partial and /untagged-authors: plugins whose
// WordPress.org version has no SVN tag (docs/behaviour.md §18.11).

#include <algorithm>
#include <cstdio>

#include "api/stats_api.h"
#include "base/strings.h"
#include "base/text.h"
#include "web/format.h"
#include "web/middleware.h"
#include "web/pages_internal.h"
#include "web/site_pages_internal.h"
#include "web/site_store.h"

namespace wpp::web::site {
namespace {

using internal::MdEscape;

constexpr char kUntaggedCache[] = "public, max-age=3600, stale-while-revalidate=86400";
constexpr size_t kMaxInput = 200;  // Longer search and author inputs are cut.

UntaggedQuery ParseQuery(const http::Request& request) {
  UntaggedQuery q;
  q.filter = request.Query("filter");
  if (q.filter != "trunk-only" && q.filter != "latest-not-tagged") {
    q.filter.clear();
  }
  q.search = internal::Clip(base::SanitizeUtf8(base::Trim(request.Query("search"))), kMaxInput);
  q.author = internal::Clip(base::SanitizeUtf8(base::Trim(request.Query("author"))), kMaxInput);
  q.sort = request.Query("sort");
  if (q.sort != "updated" && q.sort != "least_updated") {
    q.sort.clear();
  }
  q.page = PageParam(request);
  return q;
}

// "?author=…&filter=…&page=2&search=…&sort=…" (non-empty values, keys sorted).
std::string QueryString(const UntaggedQuery& q, int64_t page) {
  std::string out;
  const auto add = [&out](std::string_view key, std::string_view value) {
    if (!value.empty()) {
      out += (out.empty() ? "?" : "&") + std::string(key) + "=" + base::FormEncode(value);
    }
  };
  add("author", q.author);
  add("filter", q.filter);
  add("page", page > 1 ? std::to_string(page) : "");
  add("search", q.search);
  add("sort", q.sort);
  return out;
}

std::string PackageUrl(std::string_view name) {
  return "/packages/wp-plugin/" + base::PercentEncode(name);
}

std::string Share(int64_t part, int64_t whole) {
  if (whole <= 0) {
    return "0";
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buffer;
}

int64_t Pages(const UntaggedPage& p) {
  return std::max<int64_t>(1, (p.total + kUntaggedPerPage - 1) / kUntaggedPerPage);
}

Value Results(const UntaggedQuery& q, const UntaggedPage& p, base::Clock::TimePoint now) {
  Value out;
  Value rows = Value::List();
  for (const UntaggedRow& r : p.rows) {
    Value row;
    row.Set("url", PackageUrl(r.name));
    row.Set("title", internal::Clean(r.display_name.empty() ? r.name : r.display_name));
    row.Set("composer_name", "wp-plugin/" + r.name);
    row.Set("command", "composer require wp-plugin/" + r.name + ":dev-trunk");
    row.Set("trunk_only", r.trunk_only);
    row.Set("wporg_version", internal::Clean(r.wporg_version));
    SetText(row, "current_version", internal::Clean(r.current_version));
    row.Set("support_url",
            "https://wordpress.org/support/plugin/" + base::PercentEncode(r.name) + "/");
    const std::string ago = Ago(now, r.last_committed);
    row.Set("updated", ago.empty() ? "—" : ago);
    row.Set("installs", Comma(r.active_installs));
    rows.Push(std::move(row));
  }
  const int64_t pages = Pages(p);
  out.Set("rows", std::move(rows));
  out.Set("empty", p.rows.empty());
  out.Set("total", Comma(p.total));
  out.Set("page", q.page);
  out.Set("pages", pages);
  out.Set("paged", pages > 1);
  out.Set("sort_installs", q.sort.empty());
  out.Set("sort_updated", q.sort == "updated");
  out.Set("sort_least_updated", q.sort == "least_updated");
  UntaggedQuery by_updated = q;
  by_updated.sort = q.sort == "updated" ? "least_updated" : "updated";
  out.Set("updated_sort_href", "/untagged" + QueryString(by_updated, 1));
  out.Set("updated_sort_hx", "/untagged-partial" + QueryString(by_updated, 1));
  UntaggedQuery by_installs = q;
  by_installs.sort.clear();
  out.Set("installs_sort_href", "/untagged" + QueryString(by_installs, 1));
  out.Set("installs_sort_hx", "/untagged-partial" + QueryString(by_installs, 1));
  if (q.page > 1) {
    out.Set("prev_href", "/untagged" + QueryString(q, q.page - 1));
    out.Set("prev_hx", "/untagged-partial" + QueryString(q, q.page - 1));
  }
  if (q.page < pages) {
    out.Set("next_href", "/untagged" + QueryString(q, q.page + 1));
    out.Set("next_hx", "/untagged-partial" + QueryString(q, q.page + 1));
  }
  return out;
}

std::string UntaggedMarkdown(const Deps& deps, const UntaggedQuery& q, const UntaggedPage& p) {
  const std::string& base = deps.options.app_url;
  const int64_t pages = Pages(p);
  std::string md =
      "# Untagged Plugins\n\nThese plugins publish a version on WordPress.org that has no SVN tag, "
      "so Composer cannot install that version as a release. Install `dev-trunk` instead (pinned "
      "to an SVN revision), or an older tag.\n\n**" +
      Comma(p.total) + " plugins affected** (" + Share(p.total, p.active_plugins) +
      "% of all plugins).\n\n## Install via Composer\n\n```sh\ncomposer require "
      "wp-plugin/example-plugin:dev-trunk\n```\n\n";
  if (p.rows.empty()) {
    md += "## Plugins\n\n_No plugins match._\n";
  } else {
    md += "## Plugins (page " + std::to_string(q.page) + " of " + std::to_string(pages) + ")\n\n";
    for (const UntaggedRow& r : p.rows) {
      md += "- [" + MdEscape(r.display_name.empty() ? r.name : r.display_name) + "](" + base +
            PackageUrl(r.name) + ")";
      if (!r.current_version.empty() && r.current_version != r.wporg_version) {
        md += " · tagged latest `" + MdEscape(r.current_version) + "`, wp.org reports `" +
              MdEscape(r.wporg_version) + "`";
      } else {
        md += " · wp.org reports `" + MdEscape(r.wporg_version) + "`";
      }
      md += " — " + api::CompactCount(r.active_installs) + " active installs\n";
    }
  }
  if (pages > 1) {
    md += "\n---\n\n";
    if (q.page > 1) {
      md += "[← Previous page](" + base + "/untagged.md" + QueryString(q, q.page - 1) + ") · ";
    }
    md += "Page " + std::to_string(q.page) + " of " + std::to_string(pages);
    if (q.page < pages) {
      md += " · [Next page →](" + base + "/untagged.md" + QueryString(q, q.page + 1) + ")";
    }
    md += "\n";
  }
  return md;
}

}  // namespace

http::Response Untagged(const http::Request& request, Format format, const Deps& deps) {
  const UntaggedQuery q = ParseQuery(request);
  const std::string key = "page" + QueryString(q, q.page);
  if (format == Format::kHtml) {
    if (auto kept = deps.untagged_cache->Get(key)) {
      return ServeCached(request, *kept, kUntaggedCache);
    }
  }
  auto db = deps.pool.Acquire();
  auto loaded = LoadUntagged(*db, q);
  if (!loaded) {
    return internal::ServerError(deps.renderer, "untagged", loaded.error().message());
  }
  if (format == Format::kMarkdown) {
    return MarkdownResponse(UntaggedMarkdown(deps, q, *loaded), kUntaggedCache);
  }
  Value data;
  data.Set("affected", Comma(loaded->total));
  data.Set("share", Share(loaded->total, loaded->active_plugins));
  data.Set("search", q.search);
  data.Set("author", q.author);
  data.Set("sort", q.sort);
  data.Set("filter_trunk_only", q.filter == "trunk-only");
  data.Set("filter_latest_not_tagged", q.filter == "latest-not-tagged");
  data.Set("results", Results(q, *loaded, deps.clock.Now()));
  const PageMeta meta{
      .title = "Untagged Plugins",
      .description =
          "WordPress.org plugins whose published version has no SVN tag, and how to "
          "install them with Composer.",
      .path = "/untagged",
      .og_image = OgImage(deps, "untagged"),
      .noindex = q.page > 1,
      .nav = "untagged",
      .markdown_url = MarkdownSibling(deps.options.app_url, request,
                                      {"author", "filter", "page", "search", "sort"}),
      .json_ld = {}};
  auto kept = deps.untagged_cache->Put(key, deps.renderer.Page(meta, "untagged", data),
                                       "text/html; charset=utf-8");
  return ServeCached(request, *kept, kUntaggedCache);
}

http::Response UntaggedFragment(const http::Request& request, const Deps& deps) {
  const UntaggedQuery q = ParseQuery(request);
  const std::string key = "partial" + QueryString(q, q.page);
  auto kept = deps.untagged_cache->Get(key);
  if (!kept) {
    auto db = deps.pool.Acquire();
    auto loaded = LoadUntagged(*db, q);
    if (!loaded) {
      return internal::ServerError(deps.renderer, "untagged-partial", loaded.error().message());
    }
    kept = deps.untagged_cache->Put(
        key,
        deps.renderer.Fragment("partials/untagged_results", Results(q, *loaded, deps.clock.Now())),
        "text/html; charset=utf-8");
  }
  http::Response r = ServeCached(request, *kept, "no-cache");
  r.Header("X-Robots-Tag", "noindex");
  r.Header("HX-Push-Url", "/untagged" + QueryString(q, q.page));
  return r;
}

http::Response UntaggedAuthorList(const http::Request& request, const Deps& deps) {
  const std::string q = base::SanitizeUtf8(base::Trim(request.Query("q")));
  if (q.size() < 2) {
    return http::Response::Json("[]");
  }
  auto db = deps.pool.Acquire();
  auto authors = web::UntaggedAuthors(*db, internal::Clip(q, kMaxInput));
  if (!authors) {
    return internal::ServerError(deps.renderer, "untagged-authors", authors.error().message());
  }
  std::string body = "[";
  for (const std::string& a : *authors) {
    body += body.size() > 1 ? "," : "";
    base::AppendJsonString(a, &body);
  }
  body += "]";
  http::Response r = http::Response::Json(std::move(body));
  r.Header("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace wpp::web::site
