#include "wporg/html.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "base/text.h"

namespace wpp::wporg {
namespace {

struct Entity {
  const char* name;
  const char* value;
};

constexpr Entity kEntities[] = {
#include "wporg/html_entities.inc"
};

// The longest legacy name usable without a semicolon ("middot", "plusmn").
constexpr size_t kMaxLegacyName = 6;

const char* LookupEntity(std::string_view name) {
  const auto* it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                                    [](const Entity& e, std::string_view n) { return e.name < n; });
  if (it != std::end(kEntities) && std::string_view(it->name) == name) {
    return it->value;
  }
  return nullptr;
}

// Browsers read these numeric references as Windows-1252 code points.
constexpr uint32_t kWindows1252[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Decodes "&#…" at text[i]; returns the bytes consumed (0: not a reference).
size_t DecodeNumeric(std::string_view text, size_t i, std::string* out) {
  size_t j = i + 2;
  const bool hex = j < text.size() && (text[j] == 'x' || text[j] == 'X');
  j += hex ? 1 : 0;
  const size_t digits_start = j;
  uint32_t cp = 0;
  for (; j < text.size(); ++j) {
    const int d = hex ? base::HexDigitValue(text[j])
                      : (text[j] >= '0' && text[j] <= '9' ? text[j] - '0' : -1);
    if (d < 0) {
      break;
    }
    cp = std::min<uint32_t>(cp * (hex ? 16 : 10) + static_cast<uint32_t>(d), 0x110000);
  }
  if (j == digits_start) {
    return 0;
  }
  if (j < text.size() && text[j] == ';') {
    ++j;
  }
  if (cp >= 0x80 && cp <= 0x9F) {
    cp = kWindows1252[cp - 0x80];
  } else if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    cp = 0xFFFD;
  }
  base::AppendUtf8(cp, out);
  return j - i;
}

// Decodes "&name;" at text[i]; returns the bytes consumed (0: not a reference).
size_t DecodeNamed(std::string_view text, size_t i, std::string* out) {
  size_t j = i + 1;
  while (j < text.size() && IsAlnum(text[j])) {
    ++j;
  }
  const std::string_view name = text.substr(i + 1, j - i - 1);
  if (name.empty()) {
    return 0;
  }
  if (j < text.size() && text[j] == ';') {
    std::string with_semicolon(name);
    with_semicolon += ';';
    if (const char* value = LookupEntity(with_semicolon)) {
      out->append(value);
      return j + 1 - i;
    }
  }
  // Legacy references may appear without a semicolon, even as a prefix of
  // a longer word ("&copy2026"): take the longest one that matches.
  for (size_t len = std::min(name.size(), kMaxLegacyName); len >= 2; --len) {
    if (const char* value = LookupEntity(name.substr(0, len))) {
      out->append(value);
      return 1 + len;
    }
  }
  return 0;
}

}  // namespace

std::string UnescapeHtml(std::string_view text) {
  if (text.find('&') == std::string_view::npos) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '&') {
      out.push_back(text[i++]);
      continue;
    }
    const bool numeric = i + 1 < text.size() && text[i + 1] == '#';
    const size_t used = numeric ? DecodeNumeric(text, i, &out) : DecodeNamed(text, i, &out);
    if (used == 0) {
      out.push_back('&');
      ++i;
    } else {
      i += used;
    }
  }
  return out;
}

std::string StripTags(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '<') {
      const size_t close = text.find('>', i + 1);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

}  // namespace wpp::wporg
