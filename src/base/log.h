// Structured logging to stderr: one record per line, either logfmt-like text
// (`time=… level=INFO msg="update complete" updated=12`) or JSON lines.
// A thin facade over spdlog so that callers never include spdlog headers.
//
// Thread-safe once Init has run; before that records go to stderr as text.

#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace wpp::base::log {

enum class Level { kDebug, kInfo, kWarn, kError };
enum class Format { kText, kJson };

// One key=value attribute of a record.
struct Field {
  Field(std::string_view k, std::string_view v) : key(k), value(v), is_string(true) {}
  Field(std::string_view k, const char* v) : key(k), value(v), is_string(true) {}
  Field(std::string_view k, const std::string& v) : key(k), value(v), is_string(true) {}
  Field(std::string_view k, int64_t v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, int v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, size_t v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, double v);
  Field(std::string_view k, bool v) : key(k), value(v ? "true" : "false") {}

  std::string key;
  std::string value;
  bool is_string = false;
};
using Fields = std::initializer_list<Field>;

void Init(Level level, Format format);
// Also appends every record to `path` (created if needed), after Init.
// Returns false (and sets `error`) when the file cannot be opened; records
// then go to stderr alone.
bool AlsoWriteTo(const std::string& path, std::string* error);
bool Enabled(Level level);

void Write(Level level, std::string_view message, Fields fields);
inline void Debug(std::string_view message, Fields fields = {}) {
  Write(Level::kDebug, message, fields);
}
inline void Info(std::string_view message, Fields fields = {}) {
  Write(Level::kInfo, message, fields);
}
inline void Warn(std::string_view message, Fields fields = {}) {
  Write(Level::kWarn, message, fields);
}
inline void Error(std::string_view message, Fields fields = {}) {
  Write(Level::kError, message, fields);
}

// Parses "debug", "info", "warn", "error" (any case). Anything else is an
// error for flags; config callers fall back to info.
bool ParseLevel(std::string_view text, Level* level);

// The last `n` records written (rendered payloads, oldest first), for
// failure notices.
std::vector<std::string> RecentRecords(size_t n);

// Renders one record's payload (everything after the timestamp). Exposed for
// tests.
std::string RenderPayload(Format format, Level level, std::string_view message, Fields fields);

}  // namespace wpp::base::log
