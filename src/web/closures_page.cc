// GET /closures and GET /closures/<vendor_slug>: the mass closures found by
// check-status (docs/behaviour.md §18.10).

#include <algorithm>

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

constexpr char kClosuresCache[] =
    "public, max-age=300, s-maxage=3600, stale-while-revalidate=86400";
constexpr size_t kMaxVendorSlug = 200;

std::string WporgPlugin(std::string_view slug) {
  return "https://wordpress.org/plugins/" + base::PercentEncode(slug) + "/";
}

std::string ClosuresQuery(bool by_count, int64_t page) {
  std::string q;
  if (page > 1) {
    q = "?page=" + std::to_string(page);
  }
  if (by_count) {
    q += (q.empty() ? "?" : "&") + std::string("sort=closures");
  }
  return q;
}

std::string StateLabel(const PluginState& s) {
  if (!s.known) {
    return "Unknown";
  }
  if (s.active) {
    return "Active";
  }
  return s.permanently_closed ? "Tombstoned" : "Closed";
}

// "April 27, 2026" for the Markdown headings.
std::string LongDate(const std::string& rfc3339) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  if (!base::ParseRfc3339(rfc3339)) {
    return rfc3339;
  }
  const int64_t month = std::clamp<int64_t>(
      base::ParseInt(std::string_view(rfc3339).substr(5, 2)).value_or(1), 1, 12);
  const int64_t day = base::ParseInt(std::string_view(rfc3339).substr(8, 2)).value_or(1);
  return std::string(kMonths[month - 1]) + " " + std::to_string(day) + ", " + rfc3339.substr(0, 4);
}

bool ValidVendorSlug(std::string_view s) {
  return !s.empty() && s.size() <= kMaxVendorSlug && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

http::Response VendorNotFound(const Deps& deps, Format format) {
  if (format == Format::kMarkdown) {
    return MarkdownResponse(
        "# Not found\n\n[← All mass-closure events](" + deps.options.app_url + "/closures)\n",
        "no-store", 404);
  }
  Value data;
  data.Set("message", "No mass closure was recorded for this vendor.");
  http::Response r = http::Response::Html(
      deps.renderer.Page({.title = "Vendor not found", .noindex = true}, "not_found", data), 404);
  r.Header("Cache-Control", "no-store");
  return r;
}

}  // namespace

http::Response ClosuresPage(const http::Request& request, Format format, const Deps& deps) {
  const bool by_count = request.Query("sort") == "closures";
  const int64_t page = PageParam(request);
  const std::string key =
      "closures" + ClosuresQuery(by_count, page);  // HTML only; docs/behaviour.md §18.10.
  if (format == Format::kHtml) {
    if (auto kept = deps.closures_cache->Get(key)) {
      return ServeCached(request, *kept, "no-cache");
    }
  }
  auto db = deps.pool.Acquire();
  auto loaded = LoadClosures(*db, page, by_count);
  if (!loaded) {
    return internal::ServerError(deps.renderer, "closures", loaded.error().message());
  }
  const ClosurePage& c = *loaded;
  const int64_t pages = std::max<int64_t>(1, (c.total + kClosuresPerPage - 1) / kClosuresPerPage);
  const base::Clock::TimePoint now = deps.clock.Now();
  const std::string& base = deps.options.app_url;
  if (format == Format::kMarkdown) {
    std::string md =
        "# WordPress.org Mass Closures\n\nVendors that had several plugins closed on "
        "WordPress.org within one day.\n\n";
    if (c.events.empty()) {
      md += "_No mass-closure events recorded._\n";
    } else {
      md += "## Events (page " + std::to_string(page) + " of " + std::to_string(pages) +
            ", sorted by " + (by_count ? "number of closures" : "most recent") +
            ")\n\n| Vendor | Plugins closed | Detected |\n|---|---:|---|\n";
      for (const ClosureEventRow& e : c.events) {
        md += "| [" + MdEscape(e.vendor_name) + "](" + base + "/closures/" +
              base::PercentEncode(e.vendor_slug) + ") | " + std::to_string(e.plugin_count) + " | " +
              e.detected_at.substr(0, 10) + " |\n";
      }
    }
    if (pages > 1) {
      md += "\n---\n\n";
      if (page > 1) {
        md += "[← Previous page](" + base + "/closures.md" + ClosuresQuery(by_count, page - 1) +
              ") · ";
      }
      md += "Page " + std::to_string(page) + " of " + std::to_string(pages);
      if (page < pages) {
        md += " · [Next page →](" + base + "/closures.md" + ClosuresQuery(by_count, page + 1) + ")";
      }
      md += "\n";
    }
    return MarkdownResponse(md, kClosuresCache);
  }
  Value data;
  Value events = Value::List();
  for (const ClosureEventRow& e : c.events) {
    Value row;
    row.Set("vendor", internal::Clean(e.vendor_name));
    row.Set("href", "/closures/" + base::PercentEncode(e.vendor_slug));
    row.Set("count", Comma(e.plugin_count));
    row.Set("detected", e.detected_at);
    row.Set("detected_ago", Ago(now, e.detected_at));
    row.Set("date", ShortDate(e.detected_at));
    events.Push(std::move(row));
  }
  data.Set("events", std::move(events));
  data.Set("empty", c.events.empty());
  data.Set("sort_closures", by_count);
  data.Set("page", page);
  data.Set("pages", pages);
  data.Set("paged", pages > 1);
  if (page > 1) {
    data.Set("prev_href", "/closures" + ClosuresQuery(by_count, page - 1));
  }
  if (page < pages) {
    data.Set("next_href", "/closures" + ClosuresQuery(by_count, page + 1));
  }
  const PageMeta meta{
      .title = "WordPress.org Mass Closures",
      .description = "Vendors that had several plugins closed on WordPress.org within one day.",
      .path = "/closures",
      .og_image = OgImage(deps, "closures"),
      .noindex = page > 1,
      .nav = "closures",
      .markdown_url = MarkdownSibling(base, request, {"page", "sort"}),
      .json_ld = {}};
  auto kept = deps.closures_cache->Put(key, deps.renderer.Page(meta, "closures", data),
                                       "text/html; charset=utf-8");
  return ServeCached(request, *kept, "no-cache");
}

http::Response VendorPage(const http::Request& request, Format format, const Deps& deps) {
  const std::string& slug = request.params.at("vendor_slug");
  const std::string key = "vendor/" + slug;
  if (format == Format::kHtml) {
    if (auto kept = deps.closures_cache->Get(key)) {
      return ServeCached(request, *kept, "no-cache");
    }
  }
  if (!ValidVendorSlug(slug)) {
    return VendorNotFound(deps, format);
  }
  auto db = deps.pool.Acquire();
  auto loaded = LoadVendorEvents(*db, slug);
  if (!loaded) {
    return internal::ServerError(deps.renderer, "vendor closures", loaded.error().message());
  }
  if (loaded->empty()) {
    return VendorNotFound(deps, format);
  }
  const std::vector<ClosureEventRow>& events = *loaded;
  const std::string vendor = internal::Clean(events.front().vendor_name);
  const std::string& base = deps.options.app_url;
  // Each plugin's state now; a failure leaves it Unknown.
  const auto state = [&](const std::string& plugin) {
    auto s = LoadPluginState(*db, plugin);
    return s ? *s : PluginState{};
  };
  if (format == Format::kMarkdown) {
    std::string md = "# " + MdEscape(vendor) + "\n\nPlugins by " + MdEscape(vendor) +
                     " closed on WordPress.org in mass-closure events.\n";
    for (const ClosureEventRow& e : events) {
      md += "\n## " + std::to_string(e.plugin_count) + " plugins closed — " +
            LongDate(e.detected_at) +
            "\n\n| Plugin | Plugin Slug | Current Status |\n|---|---|---|\n";
      for (const std::string& plugin : e.plugin_slugs) {
        const PluginState s = state(plugin);
        md += "| [" + MdEscape(s.display_name.empty() ? plugin : s.display_name) + "](" +
              WporgPlugin(plugin) + ") | `" + MdEscape(plugin) + "` | " + StateLabel(s) + " |\n";
      }
    }
    md += "\n[← All mass-closure events](" + base + "/closures)\n";
    return MarkdownResponse(md, kClosuresCache);
  }
  Value list = Value::List();
  for (const ClosureEventRow& e : events) {
    Value event;
    event.Set("count", Comma(e.plugin_count));
    event.Set("detected", e.detected_at);
    event.Set("date", LongDate(e.detected_at));
    Value plugins = Value::List();
    for (const std::string& plugin : e.plugin_slugs) {
      const PluginState s = state(plugin);
      Value row;
      row.Set("name", internal::Clean(s.display_name.empty() ? plugin : s.display_name));
      row.Set("slug", internal::Clean(plugin));
      row.Set("href", WporgPlugin(plugin));
      const std::string label = StateLabel(s);
      row.Set("state", label);
      row.Set("state_" + base::ToLower(label), true);
      plugins.Push(std::move(row));
    }
    event.Set("plugins", std::move(plugins));
    list.Push(std::move(event));
  }
  Value data;
  data.Set("vendor", vendor);
  data.Set("slug", slug);
  data.Set("events", std::move(list));
  const PageMeta meta{.title = vendor + " Mass Closures",
                      .description = "Plugins by " + vendor + " closed on WordPress.org.",
                      .path = "/closures/" + slug,
                      .og_image = OgImage(deps, "closures"),
                      .noindex = false,
                      .nav = "closures",
                      .markdown_url = MarkdownSibling(base, request, {}),
                      .json_ld = {}};
  auto kept = deps.closures_cache->Put(key, deps.renderer.Page(meta, "vendor_closures", data),
                                       "text/html; charset=utf-8");
  return ServeCached(request, *kept, "no-cache");
}

}  // namespace wpp::web::site
