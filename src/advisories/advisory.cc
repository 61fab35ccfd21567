#include "advisories/advisory.h"

#include "base/strings.h"
#include "version/version.h"

namespace wpp::advisories {
namespace {

// A bound as the feed wrote it, trimmed, when Composer can parse it.
std::optional<std::string> Bound(std::string_view version) {
  version = base::Trim(version);
  if (version.empty() || version.find_first_of(" ,|<>=~^*") != std::string_view::npos ||
      version::ComposerNormalized(version).empty()) {
    return std::nullopt;
  }
  return std::string(version);
}

void Key(std::string_view key, std::string* out) {
  if (out->back() != '{') {
    out->push_back(',');
  }
  base::AppendJsonString(key, out);
  out->push_back(':');
}

void StringOrNull(std::string_view key, std::string_view value, std::string* out) {
  Key(key, out);
  if (value.empty()) {
    out->append("null");
  } else {
    base::AppendJsonString(value, out);
  }
}

}  // namespace

std::string_view SourceName(Source source) {
  return source == Source::kClosure ? "closure" : "feed";
}

std::optional<std::string> ToConstraint(const std::vector<VersionRange>& ranges) {
  std::string out;
  for (const VersionRange& range : ranges) {
    const bool open_from = base::Trim(range.from_version) == "*";
    const bool open_to = base::Trim(range.to_version) == "*";
    std::string part;
    if (open_from && open_to) {
      return std::string("*");  // Every version: nothing else matters.
    }
    std::optional<std::string> from;
    std::optional<std::string> to;
    if (!open_from && !(from = Bound(range.from_version))) {
      return std::nullopt;
    }
    if (!open_to && !(to = Bound(range.to_version))) {
      return std::nullopt;
    }
    if (from && to && *from == *to) {
      if (!range.from_inclusive || !range.to_inclusive) {
        return std::nullopt;  // An empty range: the record is wrong.
      }
      part = "=" + *from;
    } else {
      if (from) {
        part = (range.from_inclusive ? ">=" : ">") + *from;
      }
      if (to) {
        part += (part.empty() ? "" : ",") + std::string(range.to_inclusive ? "<=" : "<") + *to;
      }
    }
    out += (out.empty() ? "" : "|") + part;
  }
  if (out.empty()) {
    return std::nullopt;
  }
  return out;
}

void AppendAdvisoryJson(const Advisory& a, std::string* out) {
  out->push_back('{');
  Key("advisoryId", out);
  base::AppendJsonString(a.advisory_id, out);
  Key("affectedVersions", out);
  base::AppendJsonString(a.affected_versions, out);
  if (!a.copyright.empty()) {
    Key("copyright", out);
    base::AppendJsonString(a.copyright, out);
  }
  StringOrNull("cve", a.cve, out);
  if (!a.license.empty()) {
    Key("license", out);
    base::AppendJsonString(a.license, out);
  }
  StringOrNull("link", a.link, out);
  Key("packageName", out);
  base::AppendJsonString(a.package_name, out);
  Key("reportedAt", out);
  base::AppendJsonString(a.reported_at, out);
  StringOrNull("severity", a.severity, out);
  Key("sources", out);
  out->append("[{\"name\":");
  base::AppendJsonString(a.source_name, out);
  out->append(",\"remoteId\":");
  base::AppendJsonString(a.remote_id, out);
  out->append("}]");
  Key("title", out);
  base::AppendJsonString(a.title, out);
  out->push_back('}');
}

std::string AdvisoryJson(const Advisory& advisory) {
  std::string out;
  AppendAdvisoryJson(advisory, &out);
  return out;
}

}  // namespace wpp::advisories
