// The stored form of a package's versions: canonical JSON (docs/behaviour.md §1.2)
// of the normalised version → download URL map, and the content hash
// derived from it (docs/behaviour.md §5.5). Byte equality of these strings is what change
// detection compares, so the encoding is exact.

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/strings.h"

namespace wpp::packages {

// The canonical string literal (base/strings.h).
using base::AppendJsonString;

// {"k":"v",...} with keys in byte order, no whitespace.
std::string CanonicalVersionsJson(const std::map<std::string, std::string>& versions);

// Lowercase hex SHA-256 of versions_json followed by the decimal trunk
// revision (omitted when unknown).
std::string ContentHash(std::string_view versions_json, std::optional<int64_t> trunk_revision);

}  // namespace wpp::packages
