#include "repository/root_files.h"

#include "composer/json_writer.h"

namespace wpp::repository {
namespace {

using composer::AppendJsonInt;
using composer::AppendJsonString;

constexpr std::string_view kWarning =
    "Support for Composer 1 is no longer available. Upgrade to Composer 2. See "
    "https://blog.packagist.com/shutting-down-packagist-org-support-for-composer-1-x/";

constexpr std::string_view kTemplate = R"({
    "metadata-url": "/p2/%package%.json",
    "metadata-changes-url": "/metadata/changes.json",
    "notify-batch": "/downloads",
    "search": "/search.json?q=%query%&type=%type%",
    "list": "/packages/list.json",
    "available-package-patterns": ["wp-plugin/*", "wp-theme/*"],
    "security-advisories": {"metadata": true},
    "warning": "Support for Composer 1 is no longer available. Upgrade to Composer 2. See https://blog.packagist.com/shutting-down-packagist-org-support-for-composer-1-x/",
    "warning-versions": "<1.999"
}
)";

void Member(std::string_view key, std::string_view value, std::string* out) {
  if (out->size() > 1) {
    out->push_back(',');
  }
  AppendJsonString(key, out);
  out->push_back(':');
  AppendJsonString(value, out);
}

void IntMember(std::string_view key, int64_t value, std::string* out) {
  if (out->size() > 1) {
    out->push_back(',');
  }
  AppendJsonString(key, out);
  out->push_back(':');
  AppendJsonInt(value, out);
}

}  // namespace

std::string RenderPackagesJson(std::string_view app_url) {
  while (!app_url.empty() && app_url.back() == '/') {
    app_url.remove_suffix(1);
  }
  if (app_url.empty()) {
    return std::string(kTemplate);
  }
  const std::string base(app_url);
  // Keys in byte order (canonical JSON).
  std::string out = R"({"available-package-patterns":["wp-plugin/*","wp-theme/*"])";
  Member("list", base + "/packages/list.json", &out);
  Member("metadata-changes-url", base + "/metadata/changes.json", &out);
  Member("metadata-url", "/p2/%package%.json", &out);
  Member("notify-batch", base + "/downloads", &out);
  Member("search", base + "/search.json?q=%query%&type=%type%", &out);
  // docs/behaviour.md §20.6: Composer 2.5 refuses a relative api-url.
  out.append(R"(,"security-advisories":{"api-url":)");
  AppendJsonString(base + "/api/security-advisories/", &out);
  out.append(R"(,"metadata":true})");
  Member("warning", kWarning, &out);
  Member("warning-versions", "<1.999", &out);
  out.push_back('}');
  return out;
}

std::string RenderManifest(const Manifest& m) {
  std::string out = "{";
  IntMember("artifact_count", m.artifact_count, &out);
  Member("base_build", m.base_build, &out);
  if (m.blobs_verified) {
    out.append(",\"blobs_verified\":true");
  }
  Member("build_id", m.build_id, &out);
  if (m.change_seq >= 0) {
    IntMember("change_seq", m.change_seq, &out);
  }
  if (m.snapshot_id > 0) {
    IntMember("db_snapshot_id", m.snapshot_id, &out);
  }
  IntMember("duration_seconds", m.duration_seconds, &out);
  Member("finished_at", m.finished_at, &out);
  if (m.change_seq >= 0) {
    Member("inputs_hash", m.inputs_hash, &out);
  }
  IntMember("packages_changed", m.packages_changed, &out);
  IntMember("packages_deleted", m.packages_deleted, &out);
  IntMember("packages_reused", m.packages_reused, &out);
  IntMember("packages_total", m.packages_total, &out);
  Member("root_hash", m.root_hash, &out);
  Member("started_at", m.started_at, &out);
  out.push_back('}');
  return out;
}

bool ManifestVouchesForBlobs(std::string_view manifest_json) {
  // Canonical JSON, written by RenderManifest: the member appears exactly so.
  return manifest_json.find("\"blobs_verified\":true") != std::string_view::npos;
}

std::optional<ChangeLogMark> ManifestChangeLog(std::string_view json) {
  // Canonical JSON written by RenderManifest: an integer, then a hex string.
  constexpr std::string_view kSeq = "\"change_seq\":";
  constexpr std::string_view kInputs = "\"inputs_hash\":\"";
  const size_t seq_at = json.find(kSeq);
  const size_t inputs_at = json.find(kInputs);
  if (seq_at == std::string_view::npos || inputs_at == std::string_view::npos) {
    return std::nullopt;
  }
  ChangeLogMark mark;
  size_t i = seq_at + kSeq.size();
  const size_t digits_from = i;
  for (; i < json.size() && json[i] >= '0' && json[i] <= '9' && i - digits_from < 18; ++i) {
    mark.change_seq = mark.change_seq * 10 + (json[i] - '0');
  }
  const size_t hash_from = inputs_at + kInputs.size();
  const size_t hash_end = json.find('"', hash_from);
  if (i == digits_from || hash_end == std::string_view::npos) {
    return std::nullopt;
  }
  mark.inputs_hash = std::string(json.substr(hash_from, hash_end - hash_from));
  return mark;
}

}  // namespace wpp::repository
