// Mass-closure tracking (docs/behaviour.md §11.5): after each check-status,
// plugin closures of the last 24 hours are grouped by author; a vendor with
// at least two closed plugins gets a closure_events row, extended while the
// outbreak lasts.

#pragma once

#include <string>
#include <string_view>

namespace wpp::status {

// Closures of one vendor needed for an event.
inline constexpr size_t kMassClosureThreshold = 2;

// The author as shown: tags removed, HTML references decoded, trimmed.
std::string CleanAuthor(std::string_view author);

// The vendor's URL slug: lower case, each run of characters outside
// [a-z0-9] becomes "-", trimmed of "-"; "feed" (a reserved path) becomes
// "feed-vendor". Empty when nothing is left.
std::string VendorSlug(std::string_view display_name);

}  // namespace wpp::status
