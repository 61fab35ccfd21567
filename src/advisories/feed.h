// The vulnerability feed in the Wordfence Intelligence v3 format: a JSON
// object of id → record (docs/behaviour.md §20.1). Each record is checked on
// its own; a bad one is counted, logged and skipped, never the feed.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "advisories/advisory.h"
#include "base/result.h"

namespace wpp::advisories {

struct FeedParse {
  std::vector<Advisory> advisories{};   // One per record and plugin/theme it names.
  int64_t records = 0;                  // Members of the feed object.
  int64_t bad_records = 0;              // Skipped (docs/behaviour.md §20.1).
  int64_t ignored_records = 0;          // Valid, but naming no plugin or theme (core).
  std::vector<std::string> problems{};  // The first few bad records, "<id>: <why>".
};

// Parses a whole feed. Errors: kInvalidArgument when the body is not a JSON
// object (truncated, HTML, …): then nothing of it may be used.
base::Result<FeedParse> ParseFeed(std::string_view body);

// "2024-01-31 12:00:00", "2024-01-31T12:00:00Z", "2024-01-31T12:00:00+00:00"
// → "2024-01-31 12:00:00"; nullopt for anything else.
std::optional<std::string> NormaliseFeedTime(std::string_view text);

}  // namespace wpp::advisories
