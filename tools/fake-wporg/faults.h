// Deterministic fault hooks for testing clients. A fault is named by a
// token such as "503", "flaky-2", "hang-5" or "badjson", given either as a
// slug ("fault-<token>-<anything>", info API and downloads) or as a path
// prefix ("/fault/<token>/..." before any endpoint). See the README section
// "fake WordPress.org" for the list.

#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/server.h"

namespace wpp::fakewporg {

enum class FaultKind {
  kStatus500,    // 500 with a text body.
  kStatus503,    // 503 with Retry-After: 1.
  kStatus429,    // 429 with Retry-After: 1.
  kFlaky,        // 503 for the first N requests of a URL, then normal.
  kHang,         // Answers normally after N seconds (default 60).
  kSlow,         // Answers normally after N milliseconds (default 1500).
  kTruncate,     // Announces the full Content-Length, sends half, closes.
  kBadJson,      // 200 with the first half of the normal body.
  kNotObject,    // 200 with a JSON array.
  kApiError,     // 200 with {"error":"Plugin not found.",…}.
  kEmpty,        // 200 with an empty body.
  kHtml,         // 200 with an HTML error page.
  kInvalidUtf8,  // 200 with invalid UTF-8 bytes inside the first string.
  kHtml404,      // 404 with an HTML page (a proxy's "Not Found", not wp.org's answer).
  kClosed,       // 404 with a temporary-closure JSON payload.
  kClosedPerm,   // 404 with a permanent-closure JSON payload.
  kReopen,       // A temporary closure for the first N requests of a URL, then normal.
};

struct Fault {
  FaultKind kind = FaultKind::kStatus500;
  int64_t arg = -1;  // The number after the name, -1 when absent.
};

// The closure payloads of kClosed / kClosedPerm (wp.org's shape).
std::string ClosurePayload(bool permanent);

// "503", "flaky-3", "hang-2", "truncate" ... ; nothing for unknown tokens.
std::optional<Fault> ParseFaultToken(std::string_view token);
// "fault-503-x" → 503; nothing when the slug is not a fault slug.
std::optional<Fault> FaultFromSlug(std::string_view slug);

// Counts requests per key for kFlaky. Thread-safe.
class FaultState {
 public:
  // True while `key` has been seen no more than `failures` times.
  bool ShouldFail(const std::string& key, int64_t failures);

 private:
  std::mutex mu_;
  std::unordered_map<std::string, int64_t> seen_;  // Guarded by mu_.
};

// Before the normal handler runs: the answer to send instead, if any
// (status faults, a failing flaky request). Sleeps for kHang and kSlow.
std::optional<http::Response> FaultBefore(const Fault& fault, const std::string& key,
                                          FaultState& state);
// After it: the normal answer, corrupted as the fault says.
http::Response FaultAfter(const Fault& fault, http::Response normal);

}  // namespace wpp::fakewporg
