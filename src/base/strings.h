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
std::string ToLower(std::string_view s);
std::string_view Trim(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool IsValidUtf8(std::string_view s);
// Replaces each invalid UTF-8 sequence with U+FFFD.
std::string SanitizeUtf8(std::string_view s);
std::optional<int64_t> ParseInt(std::string_view s);
std::string HexEncode(std::string_view bytes);

}  // namespace wpp::base
