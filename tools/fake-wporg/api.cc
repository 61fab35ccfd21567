#include "api.h"

#include "base/text.h"
#include "fixtures.h"
#include "format.h"
#include "json_writer.h"

namespace wpp::fakewporg {
namespace {

struct FieldInfo {
  const char* name;
  bool plugin_default;
  bool theme_default;
};

// Indexed by Field.
constexpr FieldInfo kFields[] = {
    {"author", true, true},
    {"author_profile", true, false},
    {"contributors", true, false},
    {"requires", true, true},
    {"tested", true, false},
    {"requires_php", true, true},
    {"rating", true, true},
    {"ratings", true, false},
    {"num_ratings", true, true},
    {"support_threads", true, false},
    {"active_installs", true, false},
    {"downloaded", true, true},
    {"last_updated", true, true},
    {"added", true, false},
    {"homepage", true, true},
    {"sections", true, false},
    {"short_description", true, false},
    {"description", false, false},
    {"download_link", true, true},
    {"tags", true, true},
    {"versions", true, false},
    {"donate_link", true, false},
    {"banners", true, false},
    {"icons", false, false},
    {"preview_url", false, true},
    {"screenshot_url", false, true},
};
static_assert(sizeof(kFields) / sizeof(kFields[0]) == static_cast<size_t>(Field::kCount));

void WriteSections(JsonWriter& w, const Package& p) {
  w.Key("sections").BeginObject();
  w.Field("description", p.description_html);
  if (p.type == RepoType::kPlugin && !p.fixture) {
    w.Field("installation", "<ol><li>Upload the plugin files.</li><li>Activate it.</li></ol>");
    std::string changelog;
    for (size_t i = p.tags.size(); i > 0 && p.tags.size() - i < 10; --i) {
      changelog += "<h4>" + base::XmlEscapeKeepApostrophe(p.tags[i - 1].name) +
                   "</h4>\n<ul><li>Fixes.</li></ul>\n";
    }
    w.Field("changelog", changelog);
  }
  w.EndObject();
}

void WriteVersions(JsonWriter& w, const Package& p, const std::string& base) {
  w.Key("versions");
  if (p.versions_empty_array) {
    w.BeginArray().EndArray();
    return;
  }
  w.BeginObject();
  for (const VersionTag& tag : p.tags) {
    w.Field(tag.name, DownloadUrl(base, p.type, p.slug, tag.name));
  }
  if (!p.trunk_key.empty()) {
    w.Field(p.trunk_key, DownloadUrl(base, p.type, p.slug, ""));
  }
  w.EndObject();
}

void WriteOptionalString(JsonWriter& w, const char* key, const std::string& value) {
  if (value.empty()) {
    w.FieldBool(key, false);
  } else {
    w.Field(key, value);
  }
}

void WriteAuthor(JsonWriter& w, const Package& p) {
  if (!p.author_is_object) {
    w.Field("author", p.author);
    return;
  }
  w.Key("author").BeginObject();
  w.Field("user_nicename", p.slug + "-author");
  w.Field("display_name", p.author);
  w.EndObject();
}

void WriteExtras(JsonWriter& w, const Package& p, const FieldSet& f) {
  if (f.Has(Field::kTags)) {
    w.Key("tags").BeginObject();
    w.Field(p.type == RepoType::kPlugin ? "tools" : "blog", "Tools");
    w.EndObject();
  }
  if (p.type == RepoType::kTheme) {
    return;
  }
  if (f.Has(Field::kDonateLink)) {
    w.Field("donate_link", p.homepage);
  }
  if (f.Has(Field::kBanners)) {
    w.Key("banners").BeginArray().EndArray();
  }
  if (f.Has(Field::kIcons)) {
    w.Key("icons").BeginObject();
    w.Field("default", "https://example.com/icons/" + p.slug + ".svg");
    w.EndObject();
  }
}

void WriteHead(JsonWriter& w, const Package& p, const FieldSet& f, const std::string& base) {
  const bool extras = !p.fixture;
  w.Field("name", p.name).Field("slug", p.slug).Field("version", p.version);
  if (f.Has(Field::kPreviewUrl) && extras) {
    w.Field("preview_url", "https://example.com/preview/" + p.slug + "/");
  }
  if (f.Has(Field::kAuthor)) {
    WriteAuthor(w, p);
  }
  if (f.Has(Field::kAuthorProfile) && extras) {
    w.Field("author_profile", "https://example.com/profiles/" + p.slug);
  }
  if (f.Has(Field::kScreenshotUrl) && extras) {
    w.Field("screenshot_url", "https://example.com/shots/" + p.slug + "/screenshot.png");
  }
  if (f.Has(Field::kContributors) && extras) {
    w.Key("contributors").BeginObject().EndObject();
  }
  if (p.type == RepoType::kPlugin || !p.fixture) {
    if (f.Has(Field::kRequires)) {
      WriteOptionalString(w, "requires", p.requires_wp);
    }
    if (f.Has(Field::kTested) && p.type == RepoType::kPlugin) {
      WriteOptionalString(w, "tested", p.tested);
    }
    if (f.Has(Field::kRequiresPhp)) {
      WriteOptionalString(w, "requires_php", p.requires_php);
    }
  }
  if (f.Has(Field::kDownloadLink) && p.type == RepoType::kPlugin) {
    w.Field("download_link", DownloadUrl(base, p.type, p.slug, p.version));
  }
}

void WriteStats(JsonWriter& w, const Package& p, const FieldSet& f) {
  const bool extras = !p.fixture;
  if (f.Has(Field::kAdded) && p.type == RepoType::kPlugin) {
    w.Field("added", p.added);
  }
  if (f.Has(Field::kLastUpdated)) {
    w.Field("last_updated", FormatLastUpdated(p.last_updated_ms, p.date_style));
  }
  if (f.Has(Field::kHomepage)) {
    w.Field("homepage", p.homepage);
  }
  if (f.Has(Field::kShortDescription) && p.type == RepoType::kPlugin) {
    w.Field("short_description", p.short_description);
  }
  if (f.Has(Field::kDescription) && extras) {
    w.Field("description", p.short_description);
  }
  if (f.Has(Field::kDownloaded)) {
    w.Field("downloaded", p.downloaded);
  }
  if (f.Has(Field::kActiveInstalls)) {
    w.Field("active_installs", p.active_installs);
  }
  if (f.Has(Field::kRating)) {
    w.Field("rating", p.rating);
  }
  if (f.Has(Field::kNumRatings)) {
    w.Field("num_ratings", p.num_ratings);
  }
  if (f.Has(Field::kSupportThreads) && extras && p.type == RepoType::kPlugin) {
    w.Field("support_threads", p.num_ratings / 3).Field("support_threads_resolved", 0);
  }
}

}  // namespace

FieldSet FieldSet::Parse(RepoType type, const std::multimap<std::string, std::string>& query) {
  FieldSet set;
  for (size_t i = 0; i < static_cast<size_t>(Field::kCount); ++i) {
    const bool on =
        type == RepoType::kPlugin ? kFields[i].plugin_default : kFields[i].theme_default;
    auto it = query.find(std::string("request[fields][") + kFields[i].name + "]");
    const bool value = it == query.end() ? on : (it->second == "true" || it->second == "1");
    set.bits_ |= static_cast<uint32_t>(value) << i;
  }
  return set;
}

std::string RenderInfo(const Package& p, const FieldSet& fields, const std::string& base) {
  JsonWriter w(p.php_escaping);
  w.BeginObject();
  WriteHead(w, p, fields, base);
  WriteStats(w, p, fields);
  if (fields.Has(Field::kSections) && (p.type == RepoType::kTheme || !p.fixture)) {
    WriteSections(w, p);
  }
  if (!p.fixture) {
    WriteExtras(w, p, fields);
  }
  if (fields.Has(Field::kVersions)) {
    WriteVersions(w, p, base);
  }
  w.EndObject();
  return w.Take();
}

std::string RenderClosure(const Package& p) {
  if (!p.closure_payload.empty()) {
    return p.closure_payload;
  }
  const bool permanent = p.closure == Closure::kPermanent;
  const std::string kind(RepoTypeName(p.type));
  const std::string closed_day = p.closed_date.empty() ? "2025-01-01" : p.closed_date;
  const int64_t closed_ms = ParseFixtureDate(closed_day);
  std::string description = "This " + kind + " has been closed as of " +
                            (closed_ms >= 0 ? FormatLongDay(closed_ms) : closed_day) +
                            " and is not available for download. ";
  description += permanent ? "This closure is permanent. Reason: Author Request."
                           : "This closure is temporary, pending a full review.";
  JsonWriter w(false);
  w.BeginObject().Field("error", "closed").Field("name", p.name).Field("slug", p.slug);
  w.Field("description", description).FieldBool("closed", true).Field("closed_date", closed_day);
  if (permanent) {
    w.Field("reason", "author-request").Field("reason_text", "Author Request");
  } else {
    w.FieldBool("reason", false).FieldBool("reason_text", false);
  }
  w.EndObject();
  return w.Take();
}

std::string RenderNotFound(RepoType type, const std::string& slug) {
  JsonWriter w(false);
  w.BeginObject();
  w.Field("error", type == RepoType::kPlugin ? "Plugin not found." : "Theme not found.");
  w.Field("slug", slug);
  w.EndObject();
  return w.Take();
}

}  // namespace wpp::fakewporg
