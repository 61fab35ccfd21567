// The Composer v2 metadata of one WordPress.org package: which versions go in
// which p2 file and what each version entry holds (docs/behaviour.md §6.1–§6.4;
// docs/decisions.md §1, §2, §4, §23).
//
//   p2/wp-plugin/<slug>.json      tagged versions, newest first (a plugin
//                                 without any: its dev-trunk entry)
//   p2/wp-plugin/<slug>~dev.json  -dev versions, then dev-trunk; every plugin
//   p2/wp-theme/<slug>.json       tagged versions; no file without any
//   p2/wp-theme/<slug>~dev.json   -dev versions, when there are any
//
// One version per Composer version_normalized (docs/behaviour.md §14.1);
// versions of Composer's dev stability only in ~dev (docs/behaviour.md §14.2).
//
// Each file is {"minified":"composer/2.0","packages":{"<name>":[...]},
// "security-advisories":[...]} in
// canonical JSON (minifier.h). Entries carry name, version,
// version_normalized, type, source (svn; tags/V for plugins, V for themes,
// trunk@<rev> for dev-trunk), dist (zip, tagged versions with a URL only),
// require composer/installers, support, uid, and description, homepage,
// authors and time when known.
//
// Pure and deterministic: equal inputs give equal bytes. Thread-safe.

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/package_type.h"

namespace wpp::composer {

using base::ComposerName;
using base::PackageType;
using base::Vendor;

// True when `slug` can name files and URLs safely: 1–200 bytes of
// [A-Za-z0-9._-], not starting with '.'. wp.org slugs always are.
bool IsSafeSlug(std::string_view slug);

// What the build knows about one package. Text fields may hold any bytes;
// invalid UTF-8 is replaced on output.
struct PackageInput {
  PackageType type = PackageType::kPlugin;
  std::string slug{};
  std::string description{};
  std::string author{};
  std::string homepage{};
  // versions_json: normalised version → download URL. Re-normalised here, so
  // stale or hand-edited rows cannot produce invalid entries.
  std::map<std::string, std::string> versions{};
  std::optional<int64_t> trunk_revision{};
  // RFC 3339; the time of dev-trunk, and of versions with no published time.
  std::string last_committed{};
  // Normalised version → first-published time (package_versions).
  std::map<std::string, std::string> published{};
  // The package's security advisories: canonical JSON objects joined by
  // commas, written into both files (docs/behaviour.md §20.6); empty: none.
  std::string advisories{};
};

struct P2File {
  std::string json{};
  int versions = 0;  // Entries in the file.
};

struct PackageDocuments {
  std::optional<P2File> main{};  // p2/<name>.json
  std::optional<P2File> dev{};   // p2/<name>~dev.json
  // Versions left out because Composer cannot parse them (for example
  // `1.0-dev.1`): version::ComposerNormalized rejects them.
  int dropped_versions = 0;
};

// Builds both documents of a package. A theme without tagged versions gets
// no main file; every plugin gets both.
PackageDocuments SerializePackage(const PackageInput& input);

// The `time` value used for a version: its published time when that is a
// well-formed RFC 3339 UTC timestamp, else `last_committed` when that is,
// else empty (no `time` key). dev-trunk prefers `last_committed`, because
// trunk changes with every commit. Exposed for tests.
std::string VersionTime(const PackageInput& input, std::string_view version);

}  // namespace wpp::composer
