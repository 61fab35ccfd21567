// Canonical JSON output (pipeline.md §1.2): the byte-exact encoding used for
// every artefact a build writes, so that equal inputs give equal bytes.
//
// Only the pieces the build needs: string literals and raw appends. Callers
// emit object keys in byte order themselves. Pure; thread-compatible.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wpp::composer {

// Appends `s` as a JSON string literal, quotes included: short escapes for
// " \ \n \r \t \b \f; \u00xx (lowercase hex) for other bytes below 0x20;
// \u003c \u003e \u0026 for < > &; \u2028 and \u2029 for those code points;
// \ufffd for every byte that is not part of valid UTF-8. Everything else,
// including '/' and valid non-ASCII text, is copied raw. The output is
// therefore valid UTF-8 JSON whatever bytes `s` holds.
void AppendJsonString(std::string_view s, std::string* out);

// The same as a value.
std::string JsonString(std::string_view s);

// Appends the decimal form of `n`.
void AppendJsonInt(int64_t n, std::string* out);

}  // namespace wpp::composer
