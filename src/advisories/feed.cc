#include "advisories/feed.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>

#include "base/log.h"

namespace wpp::advisories {
namespace {

namespace dom = simdjson::dom;

constexpr size_t kMaxProblems = 20;
constexpr size_t kMaxIdBytes = 100;

bool SafeId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxIdBytes && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
  });
}

// The rule of composer::IsSafeSlug (the build publishes no other names).
bool SafeSlug(std::string_view slug) {
  return !slug.empty() && slug.size() <= 200 && slug.front() != '.' &&
         std::all_of(slug.begin(), slug.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' ||
                  c == '.';
         });
}

std::string_view StringOr(dom::object object, std::string_view key, std::string_view fallback) {
  std::string_view value;
  return object[key].get_string().get(value) == simdjson::SUCCESS ? value : fallback;
}

bool IsHttpUrl(std::string_view url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

std::optional<VersionRange> ReadRange(dom::element element) {
  dom::object object;
  VersionRange range;
  std::string_view from;
  std::string_view to;
  if (element.get_object().get(object) != simdjson::SUCCESS ||
      object["from_version"].get_string().get(from) != simdjson::SUCCESS ||
      object["to_version"].get_string().get(to) != simdjson::SUCCESS ||
      object["from_inclusive"].get_bool().get(range.from_inclusive) != simdjson::SUCCESS ||
      object["to_inclusive"].get_bool().get(range.to_inclusive) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  range.from_version = std::string(from);
  range.to_version = std::string(to);
  return range;
}

// affected_versions: an object of label → range (the feed's form) or an array.
bool ReadRanges(dom::element element, std::vector<VersionRange>* out) {
  dom::object object;
  dom::array array;
  if (element.get_object().get(object) == simdjson::SUCCESS) {
    for (dom::key_value_pair field : object) {
      auto range = ReadRange(field.value);
      if (!range) {
        return false;
      }
      out->push_back(std::move(*range));
    }
  } else if (element.get_array().get(array) == simdjson::SUCCESS) {
    for (dom::element item : array) {
      auto range = ReadRange(item);
      if (!range) {
        return false;
      }
      out->push_back(std::move(*range));
    }
  } else {
    return false;
  }
  return !out->empty();
}

// copyrights: {"message": "...", "<holder>": {"notice", "license", "license_url"}, …}.
void ReadCopyrights(dom::object record, Advisory* a) {
  dom::object copyrights;
  if (record["copyrights"].get_object().get(copyrights) != simdjson::SUCCESS) {
    return;
  }
  for (dom::key_value_pair field : copyrights) {
    std::string_view text;
    dom::object holder;
    if (field.key == "message" && field.value.get_string().get(text) == simdjson::SUCCESS) {
      a->copyright = std::string(text) + (a->copyright.empty() ? "" : "\n" + a->copyright);
    } else if (field.value.get_object().get(holder) == simdjson::SUCCESS) {
      if (std::string_view notice = StringOr(holder, "notice", ""); !notice.empty()) {
        a->copyright += (a->copyright.empty() ? "" : "\n") + std::string(notice);
      }
      std::string license(StringOr(holder, "license", ""));
      if (std::string_view url = StringOr(holder, "license_url", ""); !url.empty()) {
        license += (license.empty() ? "" : " ") + ("(" + std::string(url) + ")");
      }
      if (!license.empty()) {
        a->license += (a->license.empty() ? "" : "; ") + license;
      }
    }
  }
}

// Fills the fields every advisory of the record shares. Returns why the
// record is bad, or empty.
std::string ReadCommon(std::string_view id, dom::object record, Advisory* a) {
  std::string_view title;
  std::string_view published;
  if (record["title"].get_string().get(title) != simdjson::SUCCESS || title.empty()) {
    return "no title";
  }
  if (record["published"].get_string().get(published) != simdjson::SUCCESS) {
    return "no published time";
  }
  auto reported = NormaliseFeedTime(published);
  if (!reported) {
    return "published is not a time: " + std::string(published);
  }
  a->title = std::string(title);
  a->reported_at = std::move(*reported);
  a->advisory_id = "WF-" + std::string(id);
  a->source = Source::kFeed;
  a->source_name = "Wordfence";
  a->remote_id = std::string(id);
  a->cve = std::string(StringOr(record, "cve", ""));
  dom::array references;
  if (record["references"].get_array().get(references) == simdjson::SUCCESS) {
    for (dom::element reference : references) {
      std::string_view url;
      if (reference.get_string().get(url) == simdjson::SUCCESS && IsHttpUrl(url)) {
        a->link = std::string(url);
        break;
      }
    }
  }
  if (a->link.empty() && IsHttpUrl(StringOr(record, "cve_link", ""))) {
    a->link = std::string(StringOr(record, "cve_link", ""));
  }
  dom::object cvss;
  if (record["cvss"].get_object().get(cvss) == simdjson::SUCCESS) {
    std::string rating(StringOr(cvss, "rating", ""));
    std::transform(rating.begin(), rating.end(), rating.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (rating == "low" || rating == "medium" || rating == "high" || rating == "critical") {
      a->severity = std::move(rating);
    }
  }
  ReadCopyrights(record, a);
  return {};
}

// One record → its advisories. Returns why it is bad, or empty.
std::string ReadRecord(std::string_view id, dom::element element, std::vector<Advisory>* out,
                       bool* ignored) {
  dom::object record;
  if (!SafeId(id)) {
    return "unusable id";
  }
  if (element.get_object().get(record) != simdjson::SUCCESS) {
    return "not an object";
  }
  Advisory common;
  if (std::string why = ReadCommon(id, record, &common); !why.empty()) {
    return why;
  }
  dom::array software;
  if (record["software"].get_array().get(software) != simdjson::SUCCESS) {
    return "no software list";
  }
  std::vector<Advisory> found;
  for (dom::element item : software) {
    dom::object entry;
    if (item.get_object().get(entry) != simdjson::SUCCESS) {
      return "software entry is not an object";
    }
    const std::string_view type = StringOr(entry, "type", "");
    if (type != "plugin" && type != "theme") {
      continue;  // WordPress core and anything else: not a package here.
    }
    const std::string_view slug = StringOr(entry, "slug", "");
    if (!SafeSlug(slug)) {
      return "unusable slug \"" + std::string(slug) + "\"";
    }
    std::vector<VersionRange> ranges;
    dom::element affected;
    if (entry["affected_versions"].get(affected) != simdjson::SUCCESS ||
        !ReadRanges(affected, &ranges)) {
      return "no usable affected_versions for " + std::string(slug);
    }
    auto constraint = ToConstraint(ranges);
    if (!constraint) {
      return "affected_versions of " + std::string(slug) + " are not Composer versions";
    }
    Advisory a = common;
    a.package_name = (type == "plugin" ? "wp-plugin/" : "wp-theme/") + std::string(slug);
    a.affected_versions = std::move(*constraint);
    found.push_back(std::move(a));
  }
  *ignored = found.empty();
  std::move(found.begin(), found.end(), std::back_inserter(*out));
  return {};
}

bool Digits(std::string_view s, size_t pos, size_t n) {
  return pos + n <= s.size() && std::all_of(s.begin() + static_cast<ptrdiff_t>(pos),
                                            s.begin() + static_cast<ptrdiff_t>(pos + n),
                                            [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::string> NormaliseFeedTime(std::string_view t) {
  // YYYY-MM-DD?HH:MM:SS, then nothing, "Z", "+00:00" or fractional seconds.
  if (!Digits(t, 0, 4) || t.size() < 19 || t[4] != '-' || !Digits(t, 5, 2) || t[7] != '-' ||
      !Digits(t, 8, 2) || (t[10] != ' ' && t[10] != 'T') || !Digits(t, 11, 2) || t[13] != ':' ||
      !Digits(t, 14, 2) || t[16] != ':' || !Digits(t, 17, 2)) {
    return std::nullopt;
  }
  std::string_view rest = t.substr(19);
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
      rest.remove_prefix(1);
    }
  }
  if (!rest.empty() && rest != "Z" && rest != "+00:00") {
    return std::nullopt;
  }
  std::string out(t.substr(0, 19));
  out[10] = ' ';
  return out;
}

base::Result<FeedParse> ParseFeed(std::string_view body) {
  dom::parser parser;
  dom::element doc;
  if (auto error = parser.parse(body.data(), body.size(), true).get(doc);
      error != simdjson::SUCCESS) {
    return base::Error(base::ErrorCode::kInvalidArgument,
                       std::string("feed is not JSON: ") + simdjson::error_message(error));
  }
  dom::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) {
    return base::Error(base::ErrorCode::kInvalidArgument, "feed is not a JSON object");
  }
  FeedParse parse;
  for (dom::key_value_pair field : root) {
    ++parse.records;
    bool ignored = false;
    std::string why = ReadRecord(field.key, field.value, &parse.advisories, &ignored);
    if (!why.empty()) {
      ++parse.bad_records;
      if (parse.problems.size() < kMaxProblems) {
        base::log::Warn("skipping a bad advisory record",
                        {{"id", std::string(field.key)}, {"why", why}});
        parse.problems.push_back(std::string(field.key) + ": " + why);
      }
    } else if (ignored) {
      ++parse.ignored_records;
    }
  }
  return parse;
}

}  // namespace wpp::advisories
