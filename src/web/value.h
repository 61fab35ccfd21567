// The data a template is rendered with: a small tree of strings, booleans,
// lists and objects, so that pages build their data without including the
// mustache library (which stays inside renderer.cc).

#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wpp::web {

class Value {
 public:
  enum class Kind { kObject, kList, kString, kBool };

  Value() = default;                                                    // An empty object.
  Value(std::string s) : kind_(Kind::kString), text_(std::move(s)) {}   // NOLINT: implicit
  Value(const char* s) : kind_(Kind::kString), text_(s) {}              // NOLINT: implicit
  Value(std::string_view s) : kind_(Kind::kString), text_(s) {}         // NOLINT: implicit
  Value(bool b) : kind_(Kind::kBool), flag_(b) {}                       // NOLINT: implicit
  Value(int64_t n) : kind_(Kind::kString), text_(std::to_string(n)) {}  // NOLINT: implicit
  Value(int n) : kind_(Kind::kString), text_(std::to_string(n)) {}      // NOLINT: implicit

  static Value List() {
    Value v;
    v.kind_ = Kind::kList;
    return v;
  }

  // Object: sets `key` (a later Set of the same key wins at render time).
  Value& Set(std::string key, Value value) {
    fields_.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  // List: appends and returns the new item.
  Value& Push(Value value) {
    items_.push_back(std::move(value));
    return items_.back();
  }

  Kind kind() const { return kind_; }
  const std::string& text() const { return text_; }
  bool flag() const { return flag_; }
  const std::vector<std::pair<std::string, Value>>& fields() const { return fields_; }
  const std::vector<Value>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  Kind kind_ = Kind::kObject;
  std::string text_{};
  bool flag_ = false;
  std::vector<std::pair<std::string, Value>> fields_{};
  std::vector<Value> items_{};
};

}  // namespace wpp::web
