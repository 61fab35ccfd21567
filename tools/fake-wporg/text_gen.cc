#include "text_gen.h"

namespace wpp::fakewporg {
namespace {

constexpr const char* kPluginWords[] = {
    "seo",       "cache",     "forms",       "gallery",     "slider",     "backup",   "security",
    "analytics", "social",    "share",       "commerce",    "shipping",   "payment",  "gateway",
    "events",    "calendar",  "booking",     "popup",       "newsletter", "mail",     "smtp",
    "custom",    "post",      "types",       "fields",      "widget",     "blocks",   "editor",
    "image",     "optimizer", "lazy",        "load",        "redirect",   "sitemap",  "schema",
    "translate", "members",   "login",       "captcha",     "spam",       "comments", "reviews",
    "ratings",   "faq",       "table",       "pricing",     "maps",       "video",    "audio",
    "podcast",   "lms",       "quiz",        "donation",    "chat",       "support",  "tickets",
    "portfolio", "team",      "menu",        "mega",        "header",     "footer",   "dark",
    "mode",      "cookie",    "consent",     "gdpr",        "migration",  "importer", "exporter",
    "duplicate", "clone",     "maintenance", "lightbox",    "carousel",   "tabs",     "accordion",
    "countdown", "weather",   "currency",    "qr",          "pdf",        "invoice",  "cart",
    "checkout",  "wishlist",  "compare",     "filter",      "search",     "ajax",     "related",
    "posts",     "author",    "box",         "breadcrumbs", "toc",        "glossary", "shortcodes",
    "snippets",  "firewall",  "scanner",     "limit",       "attempts",   "two",      "factor",
    "api",       "rest",      "webhooks",    "toolkit",     "manager",    "suite",    "addons",
};
constexpr const char* kPluginPrefixes[] = {
    "ultimate", "simple",   "easy",       "advanced", "smart",   "wp",     "super",  "quick",
    "awesome",  "flexible", "responsive", "modern",   "instant", "better", "native", "tiny",
};
constexpr const char* kThemeWords[] = {
    "aurora", "zenith",  "lumen",    "nova", "pixel",     "canvas",   "horizon", "minimal",
    "clean",  "blog",    "magazine", "news", "portfolio", "business", "agency",  "shop",
    "store",  "starter", "flat",     "bold", "serene",    "coastal",  "urban",   "nordic",
    "studio", "press",   "folio",    "grid", "block",     "light",    "dark",    "child",
};
constexpr const char* kDecorations[] = {
    " &amp; More",
    " &#8211; Lite",
    " &#8217;s Toolkit",
    " Café",
    " für Online-Shops",
    " — Pro",
    " 日本語",
    " Русский",
    " ✨",
    " 🚀",
    " &quot;Plus&quot;",
    " Łódź Edition",
    " &lt;3",
    " ™",
    " &hellip;",
};
constexpr const char* kFirstNames[] = {
    "Anna",  "Ben",   "Chloé", "Dmitri", "Eva",  "Farid", "Greta", "Hiro",  "Ines",
    "Jonas", "Kai",   "Lena",  "Marta",  "Noor", "Olu",   "Pia",   "Quinn", "Rafael",
    "Sören", "Tomás", "Uma",   "Viktor", "Wen",  "Xavi",  "Yuki",  "Zoë",
};
constexpr const char* kLastNames[] = {
    "Andersson", "Brown",  "Çelik",    "Dubois", "Evans",  "Fischer",  "García",  "Horváth",
    "Ito",       "Jensen", "Kowalski", "López",  "Müller", "Nakamura", "O'Brien", "Petrov",
    "Rossi",     "Silva",  "Tanaka",   "Ünal",   "Varga",  "Weiß",     "Yilmaz",  "Zhang",
};
constexpr const char* kSentenceStarts[] = {
    "The easiest way to", "A lightweight plugin to", "Helps you",   "Quickly",
    "Lets site owners",   "Automatically",           "Beautifully", "Securely",
};
constexpr const char* kVerbs[] = {
    "manage",   "build",  "speed up", "protect",   "translate", "display",
    "schedule", "export", "optimize", "customise", "monitor",   "share",
};
constexpr const char* kNouns[] = {
    "your forms",   "product galleries", "contact pages",   "image sizes",      "email delivery",
    "SEO metadata", "custom post types", "event calendars", "cookie banners",   "site backups",
    "user logins",  "shipping rates",    "donation pages",  "navigation menus", "related posts",
};
constexpr const char* kTails[] = {
    ".",
    " — no coding required.",
    " in seconds.",
    " with one click &amp; zero hassle.",
    ". Works with Gutenberg &#8211; and the Classic Editor.",
    ". Übersetzt in 20 Sprachen.",
    ". 日本語にも対応しています。",
    ". Fast, free &amp; friendly ❤️.",
    ". Supports PHP 8.3+.",
};

void AppendWords(Rng& rng, std::string& out, size_t words) {
  for (size_t i = 0; i < words; ++i) {
    out += i == 0 ? "" : " ";
    out += rng.Pick(kPluginWords);
  }
}

void AppendParagraph(Rng& rng, std::string& out) {
  out += "<p>";
  out += MakeSentence(rng);
  out += " ";
  AppendWords(rng, out, 8 + rng.Below(30));
  if (rng.Chance(0.3)) {
    out += " <strong>";
    AppendWords(rng, out, 2);
    out += "</strong>";
  }
  if (rng.Chance(0.2)) {
    out += " See <a href=\"https://example.com/docs/";
    out += rng.Pick(kPluginWords);
    out += "/\" rel=\"nofollow ugc\">the documentation</a>.";
  }
  out += "</p>\n";
}

void AppendList(Rng& rng, std::string& out) {
  out += "<h4>";
  out += rng.Chance(0.5) ? "Features" : "Highlights";
  out += "</h4>\n<ul>\n";
  const uint64_t items = 3 + rng.Below(8);
  for (uint64_t i = 0; i < items; ++i) {
    out += "<li>";
    AppendWords(rng, out, 3 + rng.Below(9));
    out += "</li>\n";
  }
  out += "</ul>\n";
}

void AppendCode(Rng& rng, std::string& out) {
  out += "<pre><code>&lt;?php\nadd_filter( 'fake_";
  out += rng.Pick(kPluginWords);
  out += "_enabled', '__return_true' );\n</code></pre>\n";
}

}  // namespace

std::string MakeSlug(Rng& rng, RepoType type) {
  std::string slug;
  if (type == RepoType::kTheme) {
    slug = rng.Pick(kThemeWords);
    if (rng.Chance(0.6)) {
      slug += std::string("-") + rng.Pick(kThemeWords);
    }
    return slug;
  }
  if (rng.Chance(0.35)) {
    slug = std::string(rng.Pick(kPluginPrefixes)) + "-";
  }
  const uint64_t words = 1 + rng.Below(3);
  for (uint64_t i = 0; i < words; ++i) {
    slug += i == 0 ? "" : "-";
    slug += rng.Pick(kPluginWords);
  }
  return slug;
}

std::string MakeTitle(Rng& rng, const std::string& slug) {
  std::string title;
  bool upper = true;
  for (char c : slug) {
    if (c == '-') {
      title += ' ';
      upper = true;
      continue;
    }
    title += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  if (rng.Chance(0.25)) {
    title += rng.Pick(kDecorations);
  }
  return title;
}

std::string MakePersonName(Rng& rng) {
  return std::string(rng.Pick(kFirstNames)) + " " + rng.Pick(kLastNames);
}

std::string MakeSentence(Rng& rng) {
  std::string s = rng.Pick(kSentenceStarts);
  s += " ";
  s += rng.Pick(kVerbs);
  s += " ";
  s += rng.Pick(kNouns);
  s += rng.Pick(kTails);
  return s;
}

std::string MakeHtml(Rng& rng, size_t target_bytes) {
  std::string out;
  out.reserve(target_bytes + 512);
  while (out.size() < target_bytes) {
    const uint64_t kind = rng.Below(10);
    if (kind < 6) {
      AppendParagraph(rng, out);
    } else if (kind < 9) {
      AppendList(rng, out);
    } else {
      AppendCode(rng, out);
    }
  }
  return out;
}

std::string InvalidUtf8Bytes(Rng& rng) {
  constexpr const char* kBad[] = {"\xC3\x28", "\x80",     "\xE2\x82",    "\xF0\x9F\x98",
                                  "\xFF",     "\xC0\xAF", "\xED\xA0\x80"};
  return rng.Pick(kBad);
}

}  // namespace wpp::fakewporg
