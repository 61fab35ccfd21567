// Value types shared by the WordPress.org client and its parsers.

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/package_type.h"

namespace wpp::wporg {

using base::PackageType;
using base::ParseType;
using base::TypeName;

// How wp.org answered an info request that did not fail (docs/behaviour.md §2.3).
enum class Availability {
  kAvailable,        // A package object; `PackageInfo` holds it.
  kNotFound,         // 404, or a temporary closure.
  kClosedPermanent,  // A closure whose description says it is permanent.
};

// The fields of a full info answer that the mirror stores (docs/behaviour.md §2.4), already
// sanitised: valid UTF-8, HTML references decoded where the spec says so.
// Absent or mistyped fields stay empty / zero.
struct PackageInfo {
  std::string slug{};  // The response's slug; callers key rows by the requested one.
  std::optional<std::string> display_name{};
  std::optional<std::string> description{};
  std::optional<std::string> author{};
  std::optional<std::string> homepage{};
  std::optional<std::string> version{};       // The directory's stable tag, raw.
  std::optional<std::string> last_updated{};  // RFC 3339, when parseable.
  int64_t downloads = 0;
  int64_t active_installs = 0;
  int64_t num_ratings = 0;
  std::optional<double> rating{};  // Only when > 0.
  // Raw tag → download URL. Empty when `versions` was missing, an array,
  // or held no string values.
  std::map<std::string, std::string> versions{};
};

// What a closure answer says (`"error":"closed"`, docs/behaviour.md §11.3).
// Absent or mistyped fields stay empty (a temporary closure sends
// `"reason": false`).
struct ClosureInfo {
  std::string closed_date{};  // "YYYY-MM-DD" as sent.
  std::string reason{};       // "author-request", …
  std::string reason_text{};  // "Author Request", …
  std::string description{};
  bool permanent = false;
};

struct InfoResult {
  Availability availability = Availability::kAvailable;
  PackageInfo info{};
  bool had_invalid_utf8 = false;         // The body was repaired before parsing.
  std::optional<ClosureInfo> closure{};  // Set for closure answers.
};

// The answer to a last-updated-only request (docs/behaviour.md §2.2).
struct LastUpdatedResult {
  Availability availability = Availability::kAvailable;
  std::optional<std::string> last_updated{};  // RFC 3339, or none.
};

}  // namespace wpp::wporg
