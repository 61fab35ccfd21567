// Small string helpers shared by every domain: JSON escaping, case folding,
// trimming, splitting and UTF-8 validation.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wpp::base {

// Escapes for a JSON string body (no surrounding quotes). Invalid UTF-8
// bytes become U+FFFD so the output is always valid JSON.
std::string JsonEscape(std::string_view s);
// Appends `s` as a canonical JSON string literal (docs/behaviour.md §1.2), quotes
// included: short escapes for " \ \n \r \t \b \f; \u00XX for other control
// bytes; \u003c \u003e \u0026 for < > &; \u2028 and \u2029 for those code
// points; \ufffd for every byte that is not part of valid UTF-8. Everything
// else, including '/' and valid non-ASCII text, is copied raw, so the output
// is valid UTF-8 JSON whatever bytes `s` holds.
void AppendJsonString(std::string_view s, std::string* out);
std::string ToLower(std::string_view s);
std::string_view Trim(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool IsValidUtf8(std::string_view s);
// Decodes the UTF-8 sequence at s[i] (i < s.size()) into *code_point and
// returns its length (1 for ASCII), or 0 when it is not valid UTF-8.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* code_point);
// Replaces each invalid UTF-8 sequence with U+FFFD.
std::string SanitizeUtf8(std::string_view s);
std::optional<int64_t> ParseInt(std::string_view s);
std::string HexEncode(std::string_view bytes);

}  // namespace wpp::base
