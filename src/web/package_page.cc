// GET /packages/<type>/<name>: one package (docs/behaviour.md §17.8).

#include <map>

#include <nlohmann/json.hpp>

#include "advisories/advisory_store.h"
#include "api/stats_api.h"
#include "api/stats_store.h"
#include "base/strings.h"
#include "base/text.h"
#include "version/version.h"
#include "web/catalog_store.h"
#include "web/chart.h"
#include "web/format.h"
#include "web/middleware.h"
#include "web/pages_internal.h"

namespace wpp::web::internal {
namespace {

constexpr char kDetailCache[] = "public, max-age=60, s-maxage=3600, stale-while-revalidate=86400";
constexpr size_t kVisibleVersions = 5;
constexpr size_t kMarkdownVersions = 20;
constexpr size_t kMaxSlugBytes = 200;

bool ValidSlug(std::string_view name) {
  if (name.empty() || name.size() > kMaxSlugBytes || name[0] == '.') {
    return false;
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

struct Versions {
  std::vector<std::string> tagged{};  // Newest first, current version first.
  bool has_trunk = false;
};

Versions ParseVersions(const PackageDetail& p) {
  Versions out;
  const auto doc = nlohmann::json::parse(p.versions_json, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> keys;
  if (doc.is_object()) {
    for (const auto& [key, value] : doc.items()) {
      if (key == "dev-trunk") {
        out.has_trunk = true;
      } else {
        keys.push_back(key);
      }
    }
  }
  keys = version::SortNewestFirst(std::move(keys));
  const auto current = std::find(keys.begin(), keys.end(), p.current_version);
  if (current != keys.end() && current != keys.begin()) {
    std::rotate(keys.begin(), current, current + 1);
  }
  out.tagged = std::move(keys);
  return out;
}

struct Facts {
  std::string title, composer_name, require, wporg_url;
  bool untagged = false, trunk_only = false;
};

Facts FactsOf(const PackageDetail& p, const Versions& v) {
  Facts f;
  f.title = Clean(p.display_name.empty() ? p.name : p.display_name);
  f.composer_name = "wp-" + p.type + "/" + p.name;
  const bool tagged_current =
      std::find(v.tagged.begin(), v.tagged.end(), p.wporg_version) != v.tagged.end();
  f.untagged = p.type == "plugin" && !p.wporg_version.empty() && !tagged_current;
  f.trunk_only = f.untagged && v.tagged.empty();
  f.require = "composer require " + f.composer_name + (f.trunk_only ? ":dev-trunk" : "");
  f.wporg_url = "https://wordpress.org/" + p.type + "s/" + p.name + "/";
  return f;
}

std::string JsonLd(const Deps& deps, const PackageDetail& p, const Facts& f) {
  const std::string url = deps.renderer.Absolute("/packages/wp-" + p.type + "/" + p.name);
  nlohmann::json app = {{"@context", "https://schema.org"},
                        {"@type", "SoftwareApplication"},
                        {"name", f.title},
                        {"applicationCategory", "WordPress " + p.type},
                        {"operatingSystem", "WordPress"},
                        {"url", url}};
  if (!p.current_version.empty()) {
    app["softwareVersion"] = p.current_version;
  }
  if (!p.author.empty()) {
    app["author"] = {{"@type", "Person"}, {"name", p.author}};
  }
  if (p.active_installs > 0) {
    app["interactionStatistic"] = {{"@type", "InteractionCounter"},
                                   {"interactionType", "https://schema.org/InstallAction"},
                                   {"userInteractionCount", p.active_installs}};
  }
  if (!p.description.empty()) {
    app["description"] = Clip(p.description, 500);
  }
  if (!p.updated_at.empty()) {
    app["dateModified"] = p.updated_at;
  }
  return app.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string BreadcrumbJsonLd(const Deps& deps, const PackageDetail& p, const Facts& f) {
  nlohmann::json crumbs = {
      {"@context", "https://schema.org"},
      {"@type", "BreadcrumbList"},
      {"itemListElement",
       {{{"@type", "ListItem"},
         {"position", 1},
         {"name", "Packages"},
         {"item", deps.renderer.Absolute("/")}},
        {{"@type", "ListItem"},
         {"position", 2},
         {"name", f.title},
         {"item", deps.renderer.Absolute("/packages/wp-" + p.type + "/" + p.name)}}}}};
  return crumbs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

using Advisories = std::vector<advisories::AdvisoryView>;

// docs/behaviour.md §20.7: a package's security advisories, newest first.
std::string AdvisoriesMarkdown(const Advisories& list) {
  if (list.empty()) {
    return {};
  }
  std::string md = "## Security advisories (" + std::to_string(list.size()) + ")\n\n";
  for (const advisories::AdvisoryView& a : list) {
    // A constraint never holds a backtick (docs/behaviour.md §20.2): raw in the code span.
    md += "- **" + MdEscape(Clean(a.title)) + "** — affected: `" + a.affected_versions +
          "`, reported " + MdEscape(a.reported_at.substr(0, 10));
    if (!a.cve.empty()) {
      md += ", " + MdEscape(a.cve);
    }
    if (!a.severity.empty()) {
      md += ", severity " + MdEscape(a.severity);
    }
    if (IsSafeHref(a.link)) {
      md += " — <" + MdEscape(a.link) + ">";
    }
    md += "\n";
  }
  return md + "\n";
}

Value AdvisoriesValue(const Advisories& list) {
  Value out = Value::List();
  for (const advisories::AdvisoryView& a : list) {
    Value row;
    row.Set("title", Clean(a.title));
    row.Set("affected", a.affected_versions);
    row.Set("reported", a.reported_at.substr(0, 10));
    row.Set("cve", a.cve);
    row.Set("severity", a.severity);
    if (IsSafeHref(a.link)) {
      row.Set("link", a.link);
    }
    out.Push(std::move(row));
  }
  return out;
}

std::string Markdown(const Deps& deps, const PackageDetail& p, const Versions& v, const Facts& f,
                     const Advisories& advisory_list) {
  const std::string& base = deps.options.app_url;
  std::string md =
      "# " + MdEscape(f.title) + "\n\n`" + f.composer_name + "` — WordPress " + p.type + "\n\n";
  if (!p.is_active) {
    md += "> This package is closed on WordPress.org" +
          (p.closed_date.empty() ? std::string() : " since " + MdEscape(p.closed_date)) +
          (p.closed_reason_text.empty() ? std::string()
                                        : " (" + MdEscape(p.closed_reason_text) + ")") +
          ". It is no longer published by this repository.\n\n";
  } else if (f.trunk_only) {
    md +=
        "> No tagged releases: install `dev-trunk`; Composer pins an SVN revision. See [untagged "
        "plugins](" +
        base + "/untagged).\n\n";
  } else if (f.untagged) {
    md += "> WordPress.org reports `" + MdEscape(p.wporg_version) +
          "`, which has no tag: install `dev-trunk` or pin an older tag. See [untagged plugins](" +
          base + "/untagged).\n\n";
  }
  md += AdvisoriesMarkdown(advisory_list);
  md += "## Install\n\n```sh\n" + f.require + "\n```\n\n## Details\n\n";
  if (!p.current_version.empty()) {
    md += "- **Latest version:** " + MdEscape(p.current_version) + "\n";
  }
  md += "- **Active installs:** " + api::CompactCount(p.active_installs) + "\n";
  md += "- **Composer installs:** " + api::CompactCount(p.composer_installs) + "\n";
  if (!p.author.empty()) {
    md += "- **Author:** " + MdEscape(p.author) + "\n";
  }
  md += "- **WordPress.org:** " + f.wporg_url + "\n";
  if (IsSafeHref(p.homepage)) {
    md += "- **Homepage:** <" + MdEscape(p.homepage) + ">\n";
  }
  const std::string description(base::Trim(Clean(p.description)));
  if (!description.empty()) {
    md += "\n## Description\n\n" + MdEscape(Clip(description, 20000)) + "\n";
  }
  md += "\n## Versions (" + std::to_string(v.tagged.size()) + ")\n\n";
  for (size_t i = 0; i < v.tagged.size() && i < kMarkdownVersions; ++i) {
    md += "- `" + MdEscape(v.tagged[i]) + "`" +
          (v.tagged[i] == p.current_version ? " (latest)" : "") + " — `composer require " +
          f.composer_name + ":" + MdEscape(v.tagged[i]) + "`\n";
  }
  if (v.tagged.size() > kMarkdownVersions) {
    md += "\n_[" + std::to_string(v.tagged.size() - kMarkdownVersions) +
          " more versions on the HTML page](" + base + "/packages/wp-" + p.type + "/" + p.name +
          ")_\n";
  }
  return md;
}

Value VersionRow(const std::string& version, const std::string& date, const Facts& f, bool latest) {
  Value row;
  row.Set("version", Clean(version));
  row.Set("date", date);
  row.Set("latest", latest);
  row.Set("latest_untagged", latest && f.untagged);
  row.Set("require", "composer require " + f.composer_name + ":" + Clean(version));
  return row;
}

Value PageData(const PackageDetail& p, const Versions& v, const Facts& f,
               const std::vector<VersionDate>& dates, const std::string& chart) {
  std::map<std::string, std::string> published;
  for (const VersionDate& d : dates) {
    published[d.version] = DateOnly(d.published_at);
  }
  Value data;
  data.Set("title", f.title);
  data.Set("slug", p.name);
  data.Set("composer_name", f.composer_name);
  data.Set("type", p.type);
  data.Set("version", Clean(p.current_version));
  data.Set("wporg_version", Clean(p.wporg_version));
  data.Set("description", Clean(p.description));
  data.Set("author", Clean(p.author));
  if (IsSafeHref(p.homepage)) {
    data.Set("homepage", Clean(p.homepage));
  }
  data.Set("wporg_url", f.wporg_url);
  data.Set("require", f.require);
  data.Set("untagged", f.untagged);
  data.Set("trunk_only", f.trunk_only);
  data.Set("latest_not_tagged", f.untagged && !f.trunk_only);
  data.Set("active_installs", api::CompactCount(p.active_installs));
  data.Set("composer_installs", api::CompactCount(p.composer_installs));
  data.Set("composer_installs_30d", api::CompactCount(p.composer_installs_30d));
  data.Set("inactive", !p.is_active);
  data.Set("closed_date", Clean(p.closed_date));
  data.Set("closed_reason", Clean(p.closed_reason_text));
  data.Set("closed_permanent", p.closed_permanent);
  Value first = Value::List();
  Value rest = Value::List();
  for (size_t i = 0; i < v.tagged.size(); ++i) {
    const auto it = published.find(v.tagged[i]);
    Value row = VersionRow(v.tagged[i], it == published.end() ? "" : it->second, f,
                           v.tagged[i] == p.current_version);
    (i < kVisibleVersions ? first : rest).Push(std::move(row));
  }
  data.Set("versions_count", static_cast<int64_t>(v.tagged.size()));
  data.Set("no_versions", v.tagged.empty());
  data.Set("versions", std::move(first));
  data.Set("more_versions", std::move(rest));
  data.Set("has_more_versions", v.tagged.size() > kVisibleVersions);
  data.Set("has_trunk", v.has_trunk);
  data.Set("trunk_require", "composer require " + f.composer_name + ":dev-trunk");
  data.Set("chart", chart);
  return data;
}

}  // namespace

http::Response PackagePage(const http::Request& request, Format format, const Deps& deps) {
  std::string type = request.params.at("type");
  if (type.starts_with("wp-")) {
    type.erase(0, 3);
  }
  const std::string& name = request.params.at("name");
  const auto not_found = [&] {
    return format == Format::kMarkdown ? MarkdownResponse("Not found", "", 404)
                                       : NotFoundResponse(deps.renderer);
  };
  if ((type != "plugin" && type != "theme") || !ValidSlug(name)) {
    return not_found();
  }
  const auto not_modified = [&](const std::string& etag) -> std::optional<http::Response> {
    auto r = NotModified(request, etag, kDetailCache);
    if (r && format == Format::kMarkdown) {
      r->headers.pop_back();
      r->Header("Content-Type", "text/markdown; charset=utf-8");
    }
    return r;
  };
  // Checked against the database less than a few seconds ago: answered
  // from memory, on the connection's thread (docs/behaviour.md §17.9).
  const std::string recent_key = (format == Format::kHtml ? "h " : "m ") + type + "/" + name;
  if (const auto etag = deps.recent->Get(recent_key)) {
    if (auto r = not_modified(*etag)) {
      return *r;
    }
    if (format == Format::kHtml) {
      if (auto hit = deps.packages->Get(*etag)) {
        return ServeCached(request, *hit, kDetailCache);
      }
    }
  }
  if (!request.may_block) {
    return http::Response::Defer();
  }
  auto db = deps.pool.Acquire();
  CatalogStore store(*db, deps.statements.get());
  auto found = store.Package(type, name);
  if (!found) {
    return ServerError(deps.renderer, "package", found.error().message());
  }
  if (!*found) {
    return not_found();
  }
  const PackageDetail& p = **found;
  auto advisory_list = advisories::AdvisoryStore(*db).ForPackage("wp-" + p.type + "/" + p.name);
  if (!advisory_list) {
    return ServerError(deps.renderer, "package", advisory_list.error().message());
  }
  std::string advisory_seed;  // What the page shows of them, for the ETag.
  for (const advisories::AdvisoryView& a : *advisory_list) {
    advisory_seed += a.advisory_id + '\x1f' + a.affected_versions + '\x1f' + a.title + '\x1e';
  }
  // Everything the page shows changes one of these (docs/behaviour.md §17.8).
  const std::string etag = PageEtag(
      deps.renderer,
      {format == Format::kHtml ? "detail" : "detail-markdown", std::to_string(p.id), p.updated_at,
       std::to_string(p.composer_installs), std::to_string(p.composer_installs_30d),
       p.is_active ? "1" : "0", p.has_card ? "1" : "0", advisory_seed});
  deps.recent->Put(recent_key, etag);
  if (auto r = not_modified(etag)) {
    return *r;
  }
  if (format == Format::kHtml) {
    if (auto hit = deps.packages->Get(etag)) {
      return ServeCached(request, *hit, kDetailCache);
    }
  }
  const Versions versions = ParseVersions(p);
  const Facts facts = FactsOf(p, versions);
  if (format == Format::kMarkdown) {
    http::Response r =
        MarkdownResponse(Markdown(deps, p, versions, facts, *advisory_list), kDetailCache);
    r.Header("ETag", etag);
    return r;
  }
  auto dates = store.VersionDates(p.id);
  if (!dates) {
    return ServerError(deps.renderer, "package", dates.error().message());
  }
  auto months = api::StatsStore(*db).Months(p.id, 12);
  if (!months) {
    return ServerError(deps.renderer, "package", months.error().message());
  }
  const std::string path = "/packages/wp-" + p.type + "/" + p.name;
  PageMeta meta{.title = facts.title,
                .description = Clip(Clean(base::Trim(p.description)), 160),
                .path = path,
                .noindex = !p.is_active,
                .nav = "packages",
                .markdown_url = deps.options.app_url + path + ".md",
                .json_ld = {JsonLd(deps, p, facts), BreadcrumbJsonLd(deps, p, facts)}};
  if (deps.options.og_image_url) {
    meta.og_image = deps.options.og_image_url(p.type, p.name, p.has_card);
  }
  if (meta.description.empty()) {
    meta.description = facts.composer_name + ": WordPress " + p.type + " as a Composer package.";
  }
  Value data = PageData(p, versions, facts, *dates, InstallsChart(*months));
  data.Set("has_advisories", !advisory_list->empty());
  data.Set("advisories_count", static_cast<int64_t>(advisory_list->size()));
  data.Set("advisories", AdvisoriesValue(*advisory_list));
  // The ETag names everything the page shows: it is the cache key.
  auto page = deps.packages->Put(etag, deps.renderer.Page(meta, "package", data),
                                 "text/html; charset=utf-8", etag);
  return ServeCached(request, *page, kDetailCache);
}

}  // namespace wpp::web::internal
