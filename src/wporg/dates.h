// Date parsing for the formats WordPress.org and its SVN server emit. Every
// result is normalised to the stored form "YYYY-MM-DDTHH:MM:SSZ" (UTC).

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wpp::wporg {

// An API `last_updated` value (docs/behaviour.md §2.5), trying in order:
//   "2024-10-03 2:31pm GMT"   12-hour clock, 1–2 digit hour, am/pm, a zone
//                             abbreviation taken as UTC;
//   "2024-10-03 14:31:00"     UTC;
//   "2024-10-03T14:31:00"     UTC;
//   RFC 3339                  "2024-10-03T14:31:00Z", "…+02:00", fractions;
//   "2024-10-03"              midnight UTC.
// Returns nullopt for anything else, including impossible dates.
std::optional<std::string> ParseApiDate(std::string_view text);

// RFC 3339 only (SVN log and PROPFIND creation dates, which carry
// microseconds: "2026-03-15T10:00:00.000000Z"). Fractions are truncated.
std::optional<std::string> ParseRfc3339(std::string_view text);

// An HTTP date, "Thu, 03 Oct 2024 14:31:00 GMT" (PROPFIND getlastmodified).
std::optional<std::string> ParseHttpDate(std::string_view text);

}  // namespace wpp::wporg
