// A small streaming JSON writer for the fake's answers. It writes keys in
// the order given (like the PHP API does) and can escape like PHP's
// json_encode ("\/" and "\uXXXX" for non-ASCII). Invalid UTF-8 is written
// through unchanged on purpose: WordPress.org data contains it, and clients
// must survive it.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wpp::fakewporg {

class JsonWriter {
 public:
  explicit JsonWriter(bool php_escaping) : php_(php_escaping) { out_.reserve(2048); }

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  // Key + String / Int / Bool.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, int64_t value) { return Key(key).Int(value); }
  JsonWriter& FieldBool(std::string_view key, bool value) { return Key(key).Bool(value); }

  std::string Take() { return std::move(out_); }

 private:
  void Separate();
  void Escape(std::string_view s);

  bool php_;
  std::string out_;
  std::vector<bool> first_;  // Per open container: no element written yet.
  bool after_key_ = false;
};

}  // namespace wpp::fakewporg
