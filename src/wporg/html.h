// HTML text helpers for WordPress.org API strings: names, authors and
// descriptions arrive HTML-escaped and sometimes wrapped in tags.

#pragma once

#include <string>
#include <string_view>

namespace wpp::wporg {

// Decodes HTML5 character references the way browsers do in text: every
// named reference of the HTML5 list (legacy ones like `&amp` also without
// the semicolon), and decimal/hex numeric references (Windows-1252 remapping
// of 0x80–0x9F; NUL, surrogates and out-of-range values become U+FFFD).
// Anything that is not a reference is copied unchanged.
std::string UnescapeHtml(std::string_view text);

// Removes every `<…>` run (the regex `<[^>]*>`); a `<` without a closing
// `>` is kept.
std::string StripTags(std::string_view text);

}  // namespace wpp::wporg
