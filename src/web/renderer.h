// web::Renderer: the site's templates (templates/, embedded at build time)
// rendered with kainjow mustache, and the layout every page shares
// (docs/behaviour.md §17.2). Pages hand over a PageMeta and a Value; the
// renderer wraps their body in templates/layout.mustache. `{{x}}` escapes;
// `{{{x}}}` is only for HTML the site produced itself (docs/behaviour.md §17.3).
//
//   web::PageMeta meta{.title = "Status", .path = "/status", .nav = "status"};
//   web::Value data;
//   data.Set("builds", builds_list);
//   std::string html = renderer.Page(meta, "status", data);  // templates/status.mustache

#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "web/value.h"

namespace wpp::web {

// What the layout needs from configuration.
struct SiteOptions {
  std::string site_name = "wppackages";
  std::string app_url{};      // "https://repo.example.org" (no trailing slash); may be empty.
  std::string footer_text{};  // Empty: "<site name> — a Composer repository for WordPress.org".
};

struct PageMeta {
  std::string title{};         // Empty: the site name alone.
  std::string description{};   // <meta name="description">.
  std::string path{};          // The canonical path ("/packages/wp-plugin/akismet").
  std::string og_image{};      // Absolute URL of the og:image; empty: none.
  bool noindex = false;        // <meta name="robots" content="noindex, follow">.
  std::string nav{};           // The current nav entry: "packages", "docs", "status", …
  std::string markdown_url{};  // <link rel="alternate" type="text/markdown">; empty: none.
  // JSON-LD documents (already serialised JSON); '<' is escaped as \u003c.
  std::vector<std::string> json_ld{};
};

class Renderer {
 public:
  // Parses every embedded template. Errors: kInternal naming a template
  // that does not parse.
  static base::Result<std::unique_ptr<Renderer>> Create(SiteOptions options);
  ~Renderer();

  // templates/<name>.mustache rendered with `data` (plus the site's common
  // fields: site_name, app_url, asset URLs), wrapped in the layout.
  std::string Page(const PageMeta& meta, std::string_view name, const Value& data) const;
  // templates/<name>.mustache alone (an htmx fragment).
  std::string Fragment(std::string_view name, const Value& data) const;

  // "/assets/app.<hash>.css" for "app.css".
  std::string AssetUrl(std::string_view name) const;
  // APP_URL + path, or path alone when APP_URL is empty.
  std::string Absolute(std::string_view path) const;
  const SiteOptions& site() const { return options_; }
  // Changes whenever templates or assets change: part of every page ETag.
  const std::string& version() const { return version_; }

 private:
  explicit Renderer(SiteOptions options);
  std::string Render(std::string_view name, const Value& data, const Value* layout) const;

  SiteOptions options_;
  std::string version_{};
};

// A JSON document made safe inside <script type="application/ld+json">:
// every '<' becomes \u003c (docs/behaviour.md §17.3).
std::string ScriptSafeJson(std::string_view json);

}  // namespace wpp::web
