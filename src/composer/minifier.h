// Composer's minified p2 form ("composer/2.0"), written without building a
// JSON tree: each version entry is a list of (key, canonical JSON value)
// pairs, and the minifier compares those byte strings.
//
// The output is what Composer\MetadataMinifier\MetadataMinifier::expand
// reads back: the first entry in full; every later entry holds only the keys
// whose value differs from the previous entry, plus "__unset" for keys the
// previous entry had and this one lacks. Because every entry given here is
// complete, "the previous expanded entry" is simply the previous entry.

#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wpp::composer {

// One key of a version entry. `json` is the value already encoded as
// canonical JSON. Both views must outlive the calls below.
struct Field {
  std::string_view key{};
  std::string_view json{};
};

// A complete version entry, its fields sorted by key (byte order), keys
// unique.
using Entry = std::vector<Field>;

// The marker value that tells Composer to drop a key.
inline constexpr std::string_view kUnset = "__unset";

// Appends {"minified":"composer/2.0","packages":{"<name>":[<entries>]},
// "security-advisories":[<advisories>]} in canonical JSON: `entries` in the
// given order, minified as described above. An empty `entries` gives an
// empty array. `advisories` is a comma-separated list of canonical JSON
// objects, copied as is; empty gives [] (docs/behaviour.md §20.6).
void AppendMinifiedP2(std::string_view name, std::span<const Entry> entries,
                      std::string_view advisories, std::string* out);

// Appends one complete entry as a JSON object.
void AppendEntry(const Entry& entry, std::string* out);

// Appends the minified diff of `current` against `previous`.
void AppendEntryDiff(const Entry& previous, const Entry& current, std::string* out);

}  // namespace wpp::composer
