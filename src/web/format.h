// Number, date and URL formatting of the pages (docs/behaviour.md §17.3).

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wpp::web {

// 1234567 → "1,234,567".
std::string Comma(int64_t n);
// Chart axis labels: like the compact count but keeps one decimal when not
// whole ("1.5k", "2k", "1M").
std::string AxisLabel(int64_t n);
// "2026-01-02T03:04:05Z" → "2026-01-02"; anything else as it is.
std::string DateOnly(std::string_view timestamp);
// Whether `url` may become an href: http:// or https:// only (case-insensitive),
// with no control characters or spaces.
bool IsSafeHref(std::string_view url);

}  // namespace wpp::web
