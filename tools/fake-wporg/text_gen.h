// Word-list text for the synthetic corpus: slugs, titles, author names,
// one-line descriptions and HTML description sections, with the HTML
// entities, non-ASCII text and occasional invalid UTF-8 WordPress.org data
// has. Every function draws only from the Rng it is given.

#pragma once

#include <string>

#include "package.h"
#include "rng.h"

namespace wpp::fakewporg {

// "smart-cache-toolkit": 1–4 lower-case ASCII words joined by '-'.
std::string MakeSlug(Rng& rng, RepoType type);
// A display name made from the slug's words, sometimes with HTML entities
// ("&amp;", "&#8211;") or non-ASCII words.
std::string MakeTitle(Rng& rng, const std::string& slug);
std::string MakePersonName(Rng& rng);
// One or two sentences of plain text (entities and non-ASCII included).
std::string MakeSentence(Rng& rng);
// HTML paragraphs, lists, headings and code of about `target_bytes`.
std::string MakeHtml(Rng& rng, size_t target_bytes);
// A few bytes that are not valid UTF-8 ("\xC3\x28", a lone continuation
// byte, a truncated sequence...).
std::string InvalidUtf8Bytes(Rng& rng);

}  // namespace wpp::fakewporg
