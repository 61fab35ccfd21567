#include "composer/package_metadata.h"

#include <zlib.h>

#include <algorithm>
#include <vector>

#include "composer/json_writer.h"
#include "composer/minifier.h"
#include "composer/plain_versions.h"
#include "version/version.h"

namespace wpp::composer {
namespace {

constexpr std::string_view kRequire = R"({"composer/installers":"~1.0|~2.0"})";

// Values shared by every entry of a package, encoded once.
struct PackageConstants {
  std::string name{};
  std::string name_json{};
  std::string type_json{};
  std::string support_json{};
  std::string authors_json{};      // Empty: no key.
  std::string description_json{};  // Empty: no key.
  std::string homepage_json{};     // Empty: no key.
  std::string svn_url{};
};

// Values of one entry, encoded.
struct VersionValues {
  std::string version_json{};
  std::string normalized_json{};
  std::string source_json{};
  std::string dist_json{};  // Empty: no key.
  std::string uid_json{};
  std::string time_json{};  // Empty: no key.
};

bool IsDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

// "YYYY-MM-DDTHH:MM:SSZ", the form every stored timestamp has (docs/behaviour.md §1.1).
bool IsRfc3339Utc(std::string_view s) {
  return s.size() == 20 && IsDigits(s.substr(0, 4)) && s[4] == '-' && IsDigits(s.substr(5, 2)) &&
         s[7] == '-' && IsDigits(s.substr(8, 2)) && s[10] == 'T' && IsDigits(s.substr(11, 2)) &&
         s[13] == ':' && IsDigits(s.substr(14, 2)) && s[16] == ':' && IsDigits(s.substr(17, 2)) &&
         s[19] == 'Z';
}

PackageConstants MakeConstants(const PackageInput& input) {
  const bool plugin = input.type == PackageType::kPlugin;
  PackageConstants c;
  c.name = ComposerName(input.type, input.slug);
  c.name_json = JsonString(c.name);
  c.type_json = plugin ? R"("wordpress-plugin")" : R"("wordpress-theme")";
  const std::string svn_base = std::string(plugin ? "https://plugins.svn.wordpress.org/"
                                                  : "https://themes.svn.wordpress.org/") +
                               input.slug;
  c.svn_url = JsonString(svn_base + "/");
  const std::string site =
      std::string("https://wordpress.org/") + (plugin ? "plugins/" : "themes/");
  const std::string support =
      std::string("https://wordpress.org/support/") + (plugin ? "plugin/" : "theme/") + input.slug;
  c.support_json = "{\"changelog\":" + JsonString(site + input.slug + "/#developers") +
                   ",\"issues\":" + JsonString(support) + ",\"source\":" + JsonString(svn_base) +
                   "}";
  if (!input.author.empty()) {
    c.authors_json = "[{\"name\":" + JsonString(input.author) + "}]";
  }
  if (!input.description.empty()) {
    c.description_json = JsonString(input.description);
  }
  if (!input.homepage.empty()) {
    c.homepage_json = JsonString(input.homepage);
  }
  return c;
}

std::string SourceReference(const PackageInput& input, const std::string& version) {
  if (version == version::kDevTrunk) {
    return input.trunk_revision ? "trunk@" + std::to_string(*input.trunk_revision) : "trunk";
  }
  return input.type == PackageType::kPlugin ? "tags/" + version : version;
}

VersionValues MakeVersionValues(const PackageInput& input, const PackageConstants& c,
                                const std::string& version, const std::string& normalized,
                                const std::string& url) {
  VersionValues v;
  v.version_json = JsonString(version);
  v.normalized_json = JsonString(normalized);
  v.source_json = "{\"reference\":" + JsonString(SourceReference(input, version)) +
                  ",\"type\":\"svn\",\"url\":" + c.svn_url + "}";
  if (version != version::kDevTrunk && !url.empty()) {
    v.dist_json = "{\"type\":\"zip\",\"url\":" + JsonString(url) + "}";
  }
  const std::string uid_text = c.name + "/" + version;
  const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(uid_text.data()),
                          static_cast<uInt>(uid_text.size()));
  v.uid_json = std::to_string(static_cast<uint32_t>(crc));
  if (std::string time = VersionTime(input, version); !time.empty()) {
    v.time_json = JsonString(time);
  }
  return v;
}

// Fields in byte order of their keys.
Entry MakeEntry(const PackageConstants& c, const VersionValues& v) {
  Entry e;
  e.reserve(13);
  auto add = [&e](std::string_view key, const std::string& json) {
    if (!json.empty()) {
      e.push_back({key, json});
    }
  };
  add("authors", c.authors_json);
  add("description", c.description_json);
  add("dist", v.dist_json);
  add("homepage", c.homepage_json);
  add("name", c.name_json);
  e.push_back({"require", kRequire});
  add("source", v.source_json);
  add("support", c.support_json);
  add("time", v.time_json);
  add("type", c.type_json);
  add("uid", v.uid_json);
  add("version", v.version_json);
  add("version_normalized", v.normalized_json);
  return e;
}

// Serialises `versions` (already ordered) into one p2 document. Versions
// Composer cannot parse are skipped and counted in `dropped`.
std::optional<P2File> MakeFile(const PackageInput& input, const PackageConstants& c,
                               const std::vector<std::string>& versions,
                               const std::map<std::string, std::string>& urls, int* dropped) {
  std::vector<VersionValues> values;
  values.reserve(versions.size());
  for (const std::string& version : versions) {
    std::string normalized = ComposerNormalized(version);
    if (normalized.empty()) {
      ++*dropped;
      continue;
    }
    const auto url = urls.find(version);
    values.push_back(MakeVersionValues(input, c, version, normalized,
                                       url == urls.end() ? std::string() : url->second));
  }
  if (values.empty()) {
    return std::nullopt;
  }
  // Entries view into `values` and `c`, which stay put until we return.
  std::vector<Entry> entries;
  entries.reserve(values.size());
  for (const VersionValues& v : values) {
    entries.push_back(MakeEntry(c, v));
  }
  P2File file;
  file.versions = static_cast<int>(entries.size());
  file.json.reserve(512 + 160 * entries.size());
  AppendMinifiedP2(c.name, entries, input.advisories, &file.json);
  return file;
}

}  // namespace

bool IsSafeSlug(std::string_view slug) {
  if (slug.empty() || slug.size() > 200 || slug.front() == '.') {
    return false;
  }
  for (char ch : slug) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::string VersionTime(const PackageInput& input, std::string_view version) {
  const auto published = input.published.find(std::string(version));
  const bool has_published = published != input.published.end() && IsRfc3339Utc(published->second);
  const bool has_committed = IsRfc3339Utc(input.last_committed);
  if (version == version::kDevTrunk && has_committed) {
    return input.last_committed;
  }
  if (has_published) {
    return published->second;
  }
  return has_committed ? input.last_committed : std::string();
}

namespace {

// True when the plain versions of `versions` are one per Composer
// version_normalized already (`6.1` beside `6.1.0` is not).
bool PlainAndUnique(const std::map<std::string, std::string>& versions) {
  std::vector<std::string> seen;
  seen.reserve(versions.size());
  for (const auto& entry : versions) {
    if (!IsPlainVersion(entry.first)) {
      return false;
    }
    seen.push_back(ComposerNormalized(entry.first));
  }
  std::sort(seen.begin(), seen.end());
  return std::adjacent_find(seen.begin(), seen.end()) == seen.end();
}

}  // namespace

PackageDocuments SerializePackage(const PackageInput& input) {
  // Most stored keys are plain numeric versions, one per Composer version,
  // which normalise to themselves; only run the full normaliser (which also
  // keeps one version per version_normalized, docs/behaviour.md §14.1) when
  // some key is not.
  std::map<std::string, std::string> renormalized;
  const bool fast = PlainAndUnique(input.versions);
  if (!fast) {
    renormalized = version::NormalizeVersions(input.versions);
  }
  const std::map<std::string, std::string>& urls = fast ? input.versions : renormalized;
  // Tagged versions of Composer's `dev` stability (`4.0.2-dev`) belong with
  // dev-trunk in the ~dev file (docs/behaviour.md §14.2); versions Composer
  // rejects stay in the main list, where MakeFile drops and counts them.
  std::vector<std::string> tagged;
  std::vector<std::string> dev_tagged;
  for (const auto& [version, url] : urls) {
    if (version.rfind("dev-", 0) == 0) {
      continue;
    }
    (version::IsDevStability(version) ? dev_tagged : tagged).push_back(version);
  }
  tagged = SortNewestFirst(std::move(tagged));
  dev_tagged = SortNewestFirst(std::move(dev_tagged));
  const PackageConstants c = MakeConstants(input);
  PackageDocuments docs;
  docs.main = MakeFile(input, c, tagged, urls, &docs.dropped_versions);
  std::vector<std::string> dev = std::move(dev_tagged);
  if (input.type == PackageType::kPlugin) {
    dev.emplace_back(version::kDevTrunk);
    if (!docs.main) {
      int ignored = 0;
      const std::vector<std::string> trunk = {std::string(version::kDevTrunk)};
      docs.main = MakeFile(input, c, trunk, urls, &ignored);
    }
  }
  docs.dev = MakeFile(input, c, dev, urls, &docs.dropped_versions);
  return docs;
}

}  // namespace wpp::composer
