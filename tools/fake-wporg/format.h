// Text formats shared by the fake's renderers: dates in the spellings
// WordPress.org and mod_dav_svn use, and download URLs. Percent-encoding and
// XML escaping come from base/text.h.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "package.h"

namespace wpp::fakewporg {

// "2024-10-03".
std::string FormatDay(int64_t ms);
// "October 3, 2024".
std::string FormatLongDay(int64_t ms);
// "2024-10-03 2:31pm GMT" or "2024-10-03 14:31:00".
std::string FormatLastUpdated(int64_t ms, DateStyle style);
// "2024-10-03T14:31:00.123000Z", as SVN writes dates.
std::string FormatSvnDate(int64_t ms);
// "Thu, 03 Oct 2024 14:31:00 GMT".
std::string FormatHttpDate(int64_t ms);
// "2024-10-03T14:31:00Z".
std::string FormatRfc3339(int64_t ms);

// Download URL of a version's zip under `base` (e.g. "http://127.0.0.1:8080");
// an empty version is the trunk zip.
std::string DownloadUrl(std::string_view base, RepoType type, std::string_view slug,
                        std::string_view version);

}  // namespace wpp::fakewporg
