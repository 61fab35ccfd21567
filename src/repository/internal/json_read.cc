#include "repository/internal/json_read.h"

#include <simdjson.h>

namespace wpp::repository::internal {
namespace {

namespace dom = simdjson::dom;

// One parser per thread: it keeps its buffers between documents.
dom::parser& Parser() {
  thread_local dom::parser parser;
  return parser;
}

bool ParseObject(std::string_view json, dom::object* out) {
  dom::element root;
  if (Parser().parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) {
    return false;
  }
  return root.get_object().get(*out) == simdjson::SUCCESS;
}

}  // namespace

bool ParseStringObject(std::string_view json, std::map<std::string, std::string>* out) {
  dom::object object;
  if (!ParseObject(json, &object)) {
    return false;
  }
  out->clear();
  for (const dom::key_value_pair field : object) {
    std::string_view value;
    if (field.value.get_string().get(value) != simdjson::SUCCESS) {
      return false;
    }
    out->insert_or_assign(std::string(field.key), std::string(value));
  }
  return true;
}

bool IsJsonObject(std::string_view json) {
  dom::object object;
  return ParseObject(json, &object);
}

std::optional<int64_t> IntMember(std::string_view json, std::string_view key) {
  dom::object object;
  int64_t value = 0;
  if (!ParseObject(json, &object) || object.at_key(key).get_int64().get(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> StringMember(std::string_view json, std::string_view key) {
  dom::object object;
  std::string_view value;
  if (!ParseObject(json, &object) || object.at_key(key).get_string().get(value)) {
    return std::nullopt;
  }
  return std::string(value);
}

std::optional<std::vector<std::string>> StringArrayMember(std::string_view json,
                                                          std::string_view key) {
  dom::object object;
  dom::array array;
  if (!ParseObject(json, &object) || object.at_key(key).get_array().get(array)) {
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const dom::element item : array) {
    std::string_view s;
    if (item.get_string().get(s)) {
      return std::nullopt;
    }
    out.emplace_back(s);
  }
  return out;
}

std::string CheckP2Document(std::string_view json, std::string_view name) {
  dom::object object;
  if (!ParseObject(json, &object)) {
    return "not a JSON object";
  }
  dom::array versions;
  if (object.at_key("packages").at_key(name).get_array().get(versions)) {
    return "no packages[\"" + std::string(name) + "\"] array";
  }
  dom::object first;
  if (versions.at(0).get_object().get(first)) {
    return "no version entries";
  }
  std::string_view entry_name;
  std::string_view entry_version;
  if (first.at_key("name").get_string().get(entry_name) ||
      first.at_key("version").get_string().get(entry_version)) {
    return "first entry lacks name or version";
  }
  if (entry_name != name) {
    return "entry name " + std::string(entry_name) + " does not match the file";
  }
  dom::array advisories;
  if (object.at_key("security-advisories").get_array().get(advisories)) {
    return "no security-advisories array";  // docs/behaviour.md §20.6
  }
  return "";
}

}  // namespace wpp::repository::internal
