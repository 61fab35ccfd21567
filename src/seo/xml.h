// Text helpers of the feeds and sitemaps: XML-safe text from untrusted
// bytes, and the date forms they need (docs/behaviour.md §18.1).

#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"

namespace wpp::seo {

// `s` as XML character data or attribute text: invalid UTF-8 becomes
// U+FFFD, characters XML 1.0 forbids (C0 controls other than tab, LF, CR;
// U+FFFE, U+FFFF) are dropped, and & < > " ' are escaped. The result is
// well-formed in text and in either kind of quoted attribute.
std::string XmlText(std::string_view s);

// "2026-04-27" from an RFC 3339 timestamp, or empty when it does not parse.
std::string DatePart(const std::string& rfc3339);
// "Mon, 27 Apr 2026 13:03:45 +0000" (RSS dates).
std::string Rfc1123(base::Clock::TimePoint t);
// `url` + `path` where url is the configured APP_URL without a trailing
// slash; just `path` when APP_URL is empty.
std::string Absolute(std::string_view app_url, std::string_view path);

}  // namespace wpp::seo
