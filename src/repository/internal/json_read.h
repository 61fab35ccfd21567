// The JSON reading the build and deploy need, behind one small interface so
// that only json_read.cc compiles the simdjson header. None of these throw;
// malformed input (including invalid UTF-8) is simply "not valid".

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wpp::repository::internal {

// Parses a JSON object whose values are all strings (versions_json). False
// for anything else; `out` is then unspecified.
bool ParseStringObject(std::string_view json, std::map<std::string, std::string>* out);

// True when `json` is a well-formed JSON object.
bool IsJsonObject(std::string_view json);

// The integer member `key` of a JSON object; nullopt when `json` is not an
// object or the member is missing or not an integer.
std::optional<int64_t> IntMember(std::string_view json, std::string_view key);

// The string-array member `key` of a JSON object; nullopt when missing or
// not an array of strings.
std::optional<std::vector<std::string>> StringArrayMember(std::string_view json,
                                                          std::string_view key);

// The string member `key` of a JSON object; nullopt when missing or not a
// string.
std::optional<std::string> StringMember(std::string_view json, std::string_view key);

// Checks that `json` is a p2 document for `name`: an object whose
// "packages" object maps `name` to a non-empty array of objects, the first
// of which has string "name" and "version" members. Returns "" when it is,
// else what is wrong.
std::string CheckP2Document(std::string_view json, std::string_view name);

}  // namespace wpp::repository::internal
