// GET /status: builds, status checks, activity and freshness
// (docs/behaviour.md §18.9).

#include "api/stats_api.h"
#include "base/log.h"
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

constexpr std::chrono::seconds kStatusTtl{5};

http::Response MakeStatusPage(const http::Request& request, Format format, const Deps& deps,
                              base::Clock::TimePoint now);

std::string Seconds(const std::optional<int64_t>& s) {
  return s ? std::to_string(*s) + "s" : std::string();
}

// "D: 3s · U: 10s · B: 5s · Dp: 1s · R2: 2s", the phases that were timed.
std::string Phases(const BuildRow& b) {
  std::string out;
  const auto add = [&out](const char* label, const std::optional<int64_t>& s) {
    if (s) {
      out += (out.empty() ? "" : " · ") + std::string(label) + ": " + Seconds(s);
    }
  };
  add("D", b.discover_seconds);
  add("U", b.update_seconds);
  add("B", b.build_seconds);
  add("Dp", b.deploy_seconds);
  add("R2", b.r2_upload_seconds);
  return out;
}

// Pill colour of a build: current, running, failed, cancelled, other.
std::string BuildPill(const BuildRow& b, bool current) {
  if (current) {
    return "current";
  }
  if (b.status == "running" || b.status == "failed" || b.status == "cancelled") {
    return b.status;
  }
  return "other";
}

std::string CheckLabel(const std::string& status) {
  if (status == "running") {
    return "Running";
  }
  if (status == "completed" || status == "completed_with_errors") {
    return "Completed";
  }
  if (status == "failed") {
    return "Failed";
  }
  return status;
}

std::string PackageHref(std::string_view composer_name) {
  return "/packages/" + std::string(composer_name);
}

// The wp.org page of a Composer name ("wp-plugin/x" → plugins/x).
std::string WporgHref(std::string_view composer_name) {
  const bool theme = base::StartsWith(composer_name, "wp-theme/");
  const size_t slash = composer_name.find('/');
  const std::string slug = slash == std::string_view::npos
                               ? std::string(composer_name)
                               : std::string(composer_name.substr(slash + 1));
  return std::string("https://wordpress.org/") + (theme ? "themes/" : "plugins/") +
         base::PercentEncode(slug) + "/";
}

Value BuildsValue(const StatusData& s, const std::string& current, base::Clock::TimePoint now) {
  Value list = Value::List();
  for (const BuildRow& b : s.builds) {
    const bool is_current = !current.empty() && b.id == current;
    const bool done = b.status == "completed";
    Value row;
    row.Set("id", b.id);
    row.Set("started", b.started_at);
    row.Set("started_ago", Ago(now, b.started_at));
    row.Set("packages", done ? Comma(b.packages_total) : "—");
    row.Set("changed", done ? Comma(b.packages_changed) : "—");
    row.Set("artifacts", done ? Comma(b.artifact_count) : "—");
    row.Set("status", is_current ? "Current" : b.status);
    row.Set("pill_" + BuildPill(b, is_current), true);
    SetText(row, "error", internal::Clean(b.error_message));
    row.Set("duration", Seconds(b.duration_seconds).empty() ? "—" : Seconds(b.duration_seconds));
    SetText(row, "phases", Phases(b));
    SetText(row, "synced", b.r2_synced_at);
    Value changes = Value::List();
    for (const PackageChange& c : b.changes) {
      Value item;
      item.Set("name", c.package_name);
      item.Set("deleted", c.action == "delete");
      item.Set("href",
               c.action == "delete" ? WporgHref(c.package_name) : PackageHref(c.package_name));
      changes.Push(std::move(item));
    }
    row.Set("has_changes", !b.changes.empty());
    row.Set("change_count", static_cast<int64_t>(b.changes.size()));
    row.Set("changes", std::move(changes));
    list.Push(std::move(row));
  }
  return list;
}

Value ChecksValue(const StatusData& s, base::Clock::TimePoint now) {
  Value list = Value::List();
  for (const CheckRow& c : s.checks) {
    Value row;
    row.Set("started", c.started_at);
    row.Set("started_ago", Ago(now, c.started_at));
    row.Set("checked", Comma(c.checked));
    row.Set("deactivated", Comma(c.deactivated));
    row.Set("deactivated_some", c.deactivated > 0);
    row.Set("reactivated", Comma(c.reactivated));
    row.Set("reactivated_some", c.reactivated > 0);
    row.Set("failed", Comma(c.failed));
    row.Set("status", CheckLabel(c.status));
    row.Set("status_" + std::string(c.status == "failed" ? "failed" : "ok"), true);
    row.Set("duration", Seconds(c.duration_seconds).empty() ? "—" : Seconds(c.duration_seconds));
    Value changes = Value::List();
    for (const CheckChange& ch : c.changes) {
      const std::string composer = "wp-" + ch.package_type + "/" + ch.package_name;
      Value item;
      item.Set("name", composer);
      item.Set("action", ch.action);
      item.Set("action_" + ch.action, true);
      item.Set("href", ch.action == "reactivated" ? PackageHref(composer) : WporgHref(composer));
      changes.Push(std::move(item));
    }
    row.Set("has_changes", !c.changes.empty());
    row.Set("changes", std::move(changes));
    list.Push(std::move(row));
  }
  return list;
}

std::string BuildAge(base::Clock::TimePoint now, const std::string& build_id) {
  const auto at = base::ParseBuildId(build_id);
  return at ? Ago(now, base::FormatRfc3339(*at)) : std::string();
}

std::string StatusMarkdown(const Deps& deps, const StatusData& s, const std::string& current) {
  const int64_t packages = s.stats.active_plugins + s.stats.active_themes;
  std::string md =
      "# Status\n\nBuilds, status checks and freshness of this mirror of "
      "WordPress.org.\n\n## Overview\n\n";
  md += "- **Packages:** " + Comma(packages) + " (" + Comma(s.stats.active_plugins) + " plugins, " +
        Comma(s.stats.active_themes) + " themes)\n";
  md += "- **Composer installs:** " + Comma(s.stats.plugin_installs + s.stats.theme_installs) +
        " (" + Comma(s.stats.installs_30d) + " in the last 30 days)\n";
  md += "- **Activity (24h):** " + Comma(s.activity.updated) + " updated, " +
        Comma(s.activity.deactivated) + " deactivated, " + Comma(s.activity.reactivated) +
        " reactivated\n";
  if (!current.empty()) {
    md += "- **Current build:** `" + current + "`\n";
  }
  if (!s.freshness.newest_commit.empty()) {
    md += "- **Newest change seen:** " + s.freshness.newest_commit + "\n";
  }
  md += "\n## Recent builds\n\n";
  if (s.builds.empty()) {
    md += "_No builds found._\n";
  } else {
    md +=
        "| Build ID | Started | Packages | Changed | Status | Duration |\n"
        "|---|---|---:|---:|---|---:|\n";
    for (const BuildRow& b : s.builds) {
      md += "| `" + b.id + "`" + (b.id == current ? " (current)" : "") + " | " + b.started_at +
            " | " + Comma(b.packages_total) + " | " + Comma(b.packages_changed) + " | " +
            MdEscape(b.status) + " | " + Seconds(b.duration_seconds) + " |\n";
    }
  }
  md += "\n## Recent status checks\n\n";
  if (s.checks.empty()) {
    md += "_No status checks found._\n";
  } else {
    md +=
        "| Started | Status | Checked | Deactivated | Reactivated | Failed |\n"
        "|---|---|---:|---:|---:|---:|\n";
    for (const CheckRow& c : s.checks) {
      md += "| " + c.started_at + " | " + MdEscape(CheckLabel(c.status)) + " | " +
            Comma(c.checked) + " | " + Comma(c.deactivated) + " | " + Comma(c.reactivated) + " | " +
            Comma(c.failed) + " |\n";
    }
  }
  (void)deps;
  return md;
}

}  // namespace

http::Response StatusPage(const http::Request& request, Format format, const Deps& deps) {
  const base::Clock::TimePoint now = deps.clock.Now();
  // The page is made at most once per kStatusTtl (docs/behaviour.md §18.9).
  const std::string key = format == Format::kMarkdown ? "markdown" : "html";
  if (auto cached = deps.cache->Get(request, key, now)) {
    return *cached;
  }
  if (!request.may_block) {
    return http::Response::Defer();  // Made on a worker.
  }
  http::Response made = MakeStatusPage(request, format, deps, now);
  if (made.status == 200) {
    return deps.cache->Put(request, key, made, now + kStatusTtl);
  }
  return made;
}

namespace {

http::Response MakeStatusPage(const http::Request& request, Format format, const Deps& deps,
                              base::Clock::TimePoint now) {
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  auto db = deps.pool.Acquire();
  auto loaded = LoadStatus(*db, now_ms);
  if (!loaded) {  // The page renders with what is available.
    base::log::Warn("status page data", {{"error", loaded.error().message()}});
  }
  const StatusData s = loaded ? std::move(loaded).value() : StatusData{};
  const std::string current = deps.options.current_build ? deps.options.current_build() : "";
  if (format == Format::kMarkdown) {
    http::Response r = MarkdownResponse(StatusMarkdown(deps, s, current), "no-cache");
    return r;
  }
  Value data;
  data.Set("packages", Comma(s.stats.active_plugins + s.stats.active_themes));
  data.Set("plugins", Comma(s.stats.active_plugins));
  data.Set("themes", Comma(s.stats.active_themes));
  data.Set("installs", Comma(s.stats.plugin_installs + s.stats.theme_installs));
  data.Set("installs_30d", Comma(s.stats.installs_30d));
  SetText(data, "stats_updated", s.stats_updated_at);
  data.Set("updated_24h", Comma(s.activity.updated));
  data.Set("deactivated_24h", Comma(s.activity.deactivated));
  data.Set("reactivated_24h", Comma(s.activity.reactivated));
  SetText(data, "current_build", current);
  SetText(data, "current_build_age", BuildAge(now, current));
  SetText(data, "newest_commit", s.freshness.newest_commit);
  SetText(data, "newest_commit_age", Ago(now, s.freshness.newest_commit));
  SetText(data, "plugin_revision",
          s.freshness.plugin_revision > 0 ? Comma(s.freshness.plugin_revision) : std::string());
  SetText(data, "theme_revision",
          s.freshness.theme_revision > 0 ? Comma(s.freshness.theme_revision) : std::string());
  SetText(data, "last_build_ago", s.builds.empty() ? "" : Ago(now, s.builds.front().started_at));
  data.Set("builds", BuildsValue(s, current, now));
  data.Set("no_builds", s.builds.empty());
  data.Set("checks", ChecksValue(s, now));
  data.Set("no_checks", s.checks.empty());
  const PageMeta meta{.title = "Status",
                      .description = "Builds, status checks and freshness of the " +
                                     deps.renderer.site().site_name + " mirror of WordPress.org.",
                      .path = "/status",
                      .og_image = OgImage(deps, "status"),
                      .noindex = false,
                      .nav = "status",
                      .markdown_url = MarkdownSibling(deps.options.app_url, request, {}),
                      .json_ld = {}};
  return HtmlPage(deps.renderer.Page(meta, "status", data), "no-cache");
}

}  // namespace

}  // namespace wpp::web::site
