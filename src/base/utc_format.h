// Formatting a time as UTC with a strftime(3) pattern. Kept out of clock.h,
// which nearly every file includes.
#pragma once

#include <string>

#include "base/clock.h"

namespace wpp::base {

// `t` in UTC through strftime(3); results longer than 63 bytes are cut.
std::string FormatUtc(Clock::TimePoint t, const char* strftime_format);

}  // namespace wpp::base
