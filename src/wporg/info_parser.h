// Reading WordPress.org info-API answers (docs/behaviour.md §2.3, §2.4) with
// simdjson On-Demand. One pass over the body classifies the answer (found,
// not found, closed) and maps the fields the mirror stores.

#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "wporg/types.h"

namespace wpp::wporg {

// Classifies one attempt of a full info request and maps a found package.
//
// Returns an InfoResult for a package (kAvailable), a 404 or a temporary
// closure (kNotFound) and a permanent closure (kClosedPermanent). Errors:
//   kUnavailable        a status other than 200 and 404 (retryable);
//   kDataLoss           a 200 whose body is not a JSON object (malformed,
//                       truncated, an array…), not retried;
//   kFailedPrecondition a 200 object with an `error` key ("API error: …").
// Invalid UTF-8 is repaired (U+FFFD) before parsing and reported through
// InfoResult::had_invalid_utf8. Never throws, whatever the bytes.
// Thread-safe (one parser per thread).
base::Result<InfoResult> ParseInfoResponse(PackageType type, int status, std::string_view body);

// The same classification for a last-updated-only request (docs/behaviour.md §2.2); only
// `last_updated` is read, and an unreadable date is "no date", not an error.
base::Result<LastUpdatedResult> ParseLastUpdatedResponse(int status, std::string_view body);

// What an answer that is not a JSON object holds, for error lines
// (docs/behaviour.md §14.6): "status 200, content type text/html, an HTML
// page (5120 bytes)". Kinds: empty, an HTML page, an XML document, a JSON
// array, a JSON string/number/literal, a JSON object that does not parse,
// not JSON. `content_type` may be empty ("no content type").
std::string DescribeBody(int status, std::string_view content_type, std::string_view body);

}  // namespace wpp::wporg
