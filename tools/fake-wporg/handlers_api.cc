// The info APIs, zip downloads, GET / and the /_fake/ endpoints.

#include <algorithm>
#include <map>
#include <vector>

#include "advisory_feed.h"
#include "api.h"
#include "base/strings.h"
#include "fake_server.h"
#include "format.h"
#include "json_writer.h"
#include "zip_writer.h"

namespace wpp::fakewporg {
namespace {

http::Response JsonAnswer(std::string body, int status = 200) {
  http::Response r{.status = status, .body = std::move(body)};
  r.Header("Content-Type", "application/json; charset=utf-8");
  return r;
}

std::string ComposerName(RepoType type, const std::string& slug) {
  return std::string(type == RepoType::kPlugin ? "wp-plugin/" : "wp-theme/") + slug;
}

const char* StatusOf(const Package& p) {
  if (p.closure == Closure::kPermanent) {
    return "closed-permanent";
  }
  if (p.closure == Closure::kTemporary) {
    return "closed-temporary";
  }
  if (p.api_missing) {
    return "not-found";
  }
  if (p.invalid_utf8) {
    return "invalid-utf8";
  }
  return p.versions_empty_array ? "no-versions" : "active";
}

}  // namespace

http::Response FakeWporg::Root() const {
  JsonWriter w(false);
  w.BeginObject();
  w.Field("api_url", base_ + kApiPrefix);
  w.Field("plugins_svn_url", base_ + kPluginsSvnPrefix);
  w.Field("themes_svn_url", base_ + kThemesSvnPrefix);
  w.Field("state_url", base_ + "/_fake/state");
  w.EndObject();
  return JsonAnswer(w.Take());
}

http::Response FakeWporg::Info(RepoType type, const http::Request& request) {
  ++counters_[kInfo];
  const char* action = type == RepoType::kPlugin ? "plugin_information" : "theme_information";
  if (request.Query("action") != action) {
    return JsonAnswer("{\"error\":\"Action not implemented.\"}", 400);
  }
  const std::string slug = request.Query("request[slug]");
  if (slug.empty()) {
    return JsonAnswer("{\"error\":\"missing slug\"}", 400);
  }
  return WithSlugFault(slug, request.path + "?" + slug,
                       [&] { return InfoFor(type, slug, request); });
}

http::Response FakeWporg::InfoFor(RepoType type, const std::string& slug,
                                  const http::Request& request) {
  if (auto closed = ClosedByTest(type, slug)) {
    return JsonAnswer(*closed, 404);
  }
  const Repo& repo = corpus_.repo(type);
  const int64_t now = timeline_.Now();
  const auto id = repo.Find(slug);
  Package p;
  if (id) {
    p = timeline_.View(type, *id, timeline_.ApiTime(now));
  } else if (FaultFromSlug(slug)) {
    p = repo.BuildAdHoc(slug);
  } else {
    return JsonAnswer(RenderNotFound(type, slug), 404);
  }
  if (p.api_missing) {
    return JsonAnswer(RenderNotFound(type, slug), 404);
  }
  if (p.closure != Closure::kNone) {
    return JsonAnswer(RenderClosure(p), 404);
  }
  return JsonAnswer(RenderInfo(p, FieldSet::Parse(type, request.query), base_));
}

http::Response FakeWporg::Download(RepoType type, const std::string& file) {
  ++counters_[kDownload];
  if (!base::EndsWith(file, ".zip")) {
    return http::Response::NotFound();
  }
  const std::string stem = file.substr(0, file.size() - 4);
  const size_t dot = stem.find('.');
  const std::string slug = stem.substr(0, dot);
  const std::string version = dot == std::string::npos ? "" : stem.substr(dot + 1);
  return WithSlugFault(slug, "download " + file, [&]() -> http::Response {
    const Repo& repo = corpus_.repo(type);
    const auto id = repo.Find(slug);
    const Package p =
        id ? timeline_.View(type, *id, timeline_.ApiTime(timeline_.Now())) : repo.BuildAdHoc(slug);
    if ((!id && !FaultFromSlug(slug)) || p.closure != Closure::kNone || p.api_missing) {
      return http::Response::NotFound();
    }
    int64_t mtime = p.last_updated_ms;
    bool found = version.empty() && !p.trunk_key.empty();
    for (const VersionTag& tag : p.tags) {
      if (tag.name == version) {
        found = true;
        mtime = tag.published_ms;
      }
    }
    if (!found) {
      return http::Response::NotFound();
    }
    http::Response r{.status = 200, .body = PackageZip(p, version, mtime)};
    r.Header("Content-Type", "application/zip");
    r.Header("Content-Disposition", "attachment; filename=" + file);
    return r;
  });
}

void FakeWporg::WriteRepoState(JsonWriter& w, RepoType type, int64_t now) const {
  const int64_t lag = timeline_.options().replica_lag_ms;
  w.BeginObject();
  w.Field("packages", static_cast<int64_t>(corpus_.repo(type).size()));
  w.Field("historical_head", corpus_.repo(type).clock().head);
  w.Field("head", timeline_.Head(type, now));
  w.Field("lagged_head", timeline_.Head(type, now - lag));
  w.EndObject();
}

void FakeWporg::WriteChanged(JsonWriter& w, int64_t api_time) const {
  struct Latest {
    Commit commit;
    std::vector<std::string> releases;
  };
  std::map<std::string, Latest> latest;
  for (Commit& c : timeline_.CommitsUpTo(api_time)) {
    Latest& entry = latest[ComposerName(c.type, corpus_.repo(c.type).Slug(c.id))];
    entry.releases.push_back(c.version);
    entry.commit = std::move(c);
  }
  w.Key("changed").BeginObject();
  for (const auto& [name, entry] : latest) {
    const Commit& c = entry.commit;
    w.Key(name).BeginObject();
    w.Field("type", RepoTypeName(c.type)).Field("slug", corpus_.repo(c.type).Slug(c.id));
    w.Field("version", c.version).Field("revision", c.revision);
    w.Field("last_updated", FormatRfc3339(c.time_ms));
    w.Key("releases").BeginArray();
    for (const std::string& release : entry.releases) {
      w.String(release);
    }
    w.EndArray().EndObject();
  }
  w.EndObject();
}

void FakeWporg::WriteAllPackages(JsonWriter& w, int64_t api_time) const {
  w.Key("packages").BeginObject();
  for (RepoType type : {RepoType::kPlugin, RepoType::kTheme}) {
    const Repo& repo = corpus_.repo(type);
    for (uint32_t id : repo.Sorted()) {
      const Package p = timeline_.View(type, id, api_time);
      w.Key(ComposerName(type, p.slug)).BeginObject();
      w.Field("version", p.version).Field("status", StatusOf(p));
      w.Field("tags", static_cast<int64_t>(p.tags.size())).EndObject();
    }
  }
  w.EndObject();
}

http::Response FakeWporg::State(const http::Request& request) {
  const int64_t now = timeline_.Now();
  // ?at_ms=T: the state as published at fake time T (not after now).
  const auto at = base::ParseInt(request.Query("at_ms"));
  const int64_t api_time = std::min(timeline_.ApiTime(now), at.value_or(now));
  JsonWriter w(false);
  w.BeginObject();
  w.Field("now", FormatRfc3339(now)).Field("now_ms", now).Field("api_time_ms", api_time);
  w.Key("plugins");
  WriteRepoState(w, RepoType::kPlugin, now);
  w.Key("themes");
  WriteRepoState(w, RepoType::kTheme, now);
  WriteChanged(w, api_time);
  if (request.Query("all") == "1") {
    WriteAllPackages(w, api_time);
  }
  w.Key("requests").BeginObject();
  constexpr const char* kNames[] = {"info",     "listing", "report", "propfind",
                                    "download", "fault",   "options"};
  for (int i = 0; i < kCounterCount; ++i) {
    w.Field(kNames[i], static_cast<int64_t>(counters_[i].load()));
  }
  w.EndObject().EndObject();
  return JsonAnswer(w.Take());
}

http::Response FakeWporg::Advance(const http::Request& request) {
  const auto seconds = base::ParseInt(request.Query("seconds"));
  if (!seconds || *seconds < 0) {
    return JsonAnswer("{\"error\":\"seconds must be a non-negative integer\"}", 400);
  }
  timeline_.Advance(*seconds * 1000);
  const int64_t now = timeline_.Now();
  return JsonAnswer("{\"now\":\"" + FormatRfc3339(now) + "\",\"now_ms\":" + std::to_string(now) +
                    "}");
}

http::Response FakeWporg::AdvisoryFeed(const http::Request& request) {
  size_t records = 0;
  if (const std::string n = request.Query("records"); !n.empty()) {
    const auto parsed = base::ParseInt(n);
    if (!parsed || *parsed < 0 || *parsed > 1'000'000) {
      return JsonAnswer("{\"error\":\"bad records\"}", 400);
    }
    records = static_cast<size_t>(*parsed);
  }
  std::string body;
  {
    std::lock_guard lock(test_mu_);
    auto it = feeds_.find(records);
    if (it == feeds_.end()) {
      it = feeds_.emplace(records, RenderAdvisoryFeed(corpus_, records)).first;
    }
    body = it->second;
  }
  const std::string etag = "\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
  if (request.Header("if-none-match") == etag) {
    http::Response r{.status = 304};
    r.Header("ETag", etag);
    return r;
  }
  http::Response r = JsonAnswer(std::move(body));
  r.Header("ETag", etag);
  r.Header("Last-Modified", "Wed, 01 May 2024 12:00:00 GMT");
  return r;
}

http::Response FakeWporg::Close(const http::Request& request) {
  const std::string type = request.Query("type", "plugin");
  const std::string slug = request.Query("slug");
  if (slug.empty() || (type != "plugin" && type != "theme")) {
    return JsonAnswer("{\"error\":\"want type and slug\"}", 400);
  }
  const std::string reason = request.Query("reason", "security-issue");
  const std::string reason_text = request.Query("reason_text", "Security Issue");
  const std::string day = request.Query("date", "2026-03-01");
  JsonWriter w(false);
  w.BeginObject().Field("error", "closed").Field("name", slug).Field("slug", slug);
  w.Field("description", "This " + type + " has been closed as of " + day +
                             " and is not available for download. This closure is permanent. "
                             "Reason: " +
                             reason_text + ".");
  w.FieldBool("closed", true).Field("closed_date", day);
  w.Field("reason", reason).Field("reason_text", reason_text);
  w.EndObject();
  std::lock_guard lock(test_mu_);
  test_closures_[type + "/" + slug] = w.Take();
  return JsonAnswer("{\"closed\":true}");
}

std::optional<std::string> FakeWporg::ClosedByTest(RepoType type, const std::string& slug) {
  std::lock_guard lock(test_mu_);
  const auto it = test_closures_.find(std::string(RepoTypeName(type)) + "/" + slug);
  if (it == test_closures_.end()) {
    return std::nullopt;
  }
  return it->second;
}

}  // namespace wpp::fakewporg
