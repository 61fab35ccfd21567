#include "version/internal/parse.h"

#include <array>
#include <optional>
#include <string_view>

namespace wpp::version::internal {
namespace {

constexpr std::string_view kTrunk = "dev-trunk";

// UTF-8 encodings of the non-ASCII White_Space code points: U+0085, U+00A0,
// U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
constexpr std::array<std::string_view, 18> kUnicodeSpaces = {
    "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82",
    "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88",
    "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F",
};
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

bool IsAsciiSpace(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != lower[i]) {
      return false;
    }
  }
  return true;
}

// Length of the whitespace character at the front (back) of `s`, or 0.
size_t SpaceAtFront(std::string_view s) {
  if (s.empty()) {
    return 0;
  }
  if (IsAsciiSpace(s.front())) {
    return 1;
  }
  for (std::string_view space : kUnicodeSpaces) {
    if (s.starts_with(space)) {
      return space.size();
    }
  }
  return s.starts_with(kIdeographicSpace) ? kIdeographicSpace.size() : 0;
}

size_t SpaceAtBack(std::string_view s) {
  if (s.empty()) {
    return 0;
  }
  if (IsAsciiSpace(s.back())) {
    return 1;
  }
  for (std::string_view space : kUnicodeSpaces) {
    if (s.ends_with(space)) {
      return space.size();
    }
  }
  return s.ends_with(kIdeographicSpace) ? kIdeographicSpace.size() : 0;
}

// Consumes one or more ASCII digits from the front of `s`.
std::optional<std::string_view> TakeDigits(std::string_view& s) {
  size_t n = 0;
  while (n < s.size() && IsDigit(s[n])) {
    ++n;
  }
  if (n == 0) {
    return std::nullopt;
  }
  std::string_view digits = s.substr(0, n);
  s.remove_prefix(n);
  return digits;
}

std::optional<Stability> KeywordStability(std::string_view keyword) {
  struct Entry {
    std::string_view name;
    Stability stability;
  };
  static constexpr std::array<Entry, 10> kKeywords = {{
      {"alpha", Stability::kAlpha},
      {"a", Stability::kAlpha},
      {"beta", Stability::kBeta},
      {"b", Stability::kBeta},
      {"rc", Stability::kRc},
      {"p", Stability::kPatch},
      {"pl", Stability::kPatch},
      {"patch", Stability::kPatch},
      {"dev", Stability::kDev},
      {"stable", Stability::kStable},
  }};
  for (const Entry& entry : kKeywords) {
    if (EqualsIgnoreCase(keyword, entry.name)) {
      return entry.stability;
    }
  }
  return std::nullopt;
}

// Parses the text after "-": keyword, then (for dev/stable) nothing or
// ".digits", or (for the others) nothing, "digits" or ".digits".
bool ParseSuffix(std::string_view s, Parsed& out) {
  size_t n = 0;
  while (n < s.size() && IsAlpha(s[n])) {
    ++n;
  }
  const std::optional<Stability> stability = KeywordStability(s.substr(0, n));
  if (!stability) {
    return false;
  }
  out.keyword = s.substr(0, n);
  out.stability = *stability;
  s.remove_prefix(n);
  if (s.empty()) {
    return true;
  }
  const bool dot_required = *stability == Stability::kDev || *stability == Stability::kStable;
  if (s.front() == '.') {
    s.remove_prefix(1);
  } else if (dot_required) {
    return false;
  }
  const std::optional<std::string_view> number = TakeDigits(s);
  if (!number || !s.empty()) {
    return false;
  }
  out.number = *number;
  return true;
}

// Compares digit strings as unbounded non-negative integers.
int CompareDigits(std::string_view a, std::string_view b) {
  while (!a.empty() && a.front() == '0') {
    a.remove_prefix(1);
  }
  while (!b.empty() && b.front() == '0') {
    b.remove_prefix(1);
  }
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

std::string_view TrimUnicodeSpace(std::string_view s) {
  while (const size_t n = SpaceAtFront(s)) {
    s.remove_prefix(n);
  }
  while (const size_t n = SpaceAtBack(s)) {
    s.remove_suffix(n);
  }
  return s;
}

std::optional<std::string_view> NormalizeView(std::string_view raw) {
  std::string_view s = TrimUnicodeSpace(raw);
  if (s.starts_with('v')) {
    s.remove_prefix(1);
  }
  if (s.starts_with('V')) {
    s.remove_prefix(1);
  }
  // The reference returns `v 1.0` as ` 1.0`; we trim again
  // (docs/decisions.md §25), which also keeps Normalize idempotent.
  s = TrimUnicodeSpace(s);
  if (s.empty()) {
    return std::nullopt;
  }
  if (s == kTrunk || EqualsIgnoreCase(s, "trunk")) {
    return kTrunk;
  }
  if (!ParseNormalized(s)) {
    return std::nullopt;
  }
  return s;
}

std::optional<Parsed> ParseNormalized(std::string_view s) {
  Parsed out;
  out.text = s;
  if (s == kTrunk) {
    out.trunk = true;
    return out;
  }
  std::string_view rest = s;
  while (true) {
    const std::optional<std::string_view> part = TakeDigits(rest);
    if (!part) {
      return std::nullopt;
    }
    out.parts[out.part_count++] = *part;
    if (out.part_count == 4 || !rest.starts_with('.')) {
      break;
    }
    rest.remove_prefix(1);
  }
  if (rest.empty()) {
    return out;
  }
  if (rest.front() != '-' || !ParseSuffix(rest.substr(1), out)) {
    return std::nullopt;
  }
  return out;
}

std::optional<Parsed> Parse(std::string_view raw) {
  const std::optional<std::string_view> normalized = NormalizeView(raw);
  if (!normalized) {
    return std::nullopt;
  }
  return ParseNormalized(*normalized);
}

int CompareParsed(const Parsed& a, const Parsed& b) {
  if (a.trunk || b.trunk) {
    return a.trunk == b.trunk ? 0 : (a.trunk ? 1 : -1);
  }
  for (size_t i = 0; i < a.parts.size(); ++i) {
    const std::string_view pa = a.parts[i].empty() ? "0" : a.parts[i];
    const std::string_view pb = b.parts[i].empty() ? "0" : b.parts[i];
    if (const int c = CompareDigits(pa, pb); c != 0) {
      return c;
    }
  }
  if (a.stability != b.stability) {
    return a.stability < b.stability ? -1 : 1;
  }
  if (a.stability == Stability::kStable) {
    return 0;  // Composer drops the number of `-stable.N`.
  }
  // No number sorts below any number: `beta` < `beta0` < `beta1`.
  if (a.number.empty() || b.number.empty()) {
    return a.number.empty() == b.number.empty() ? 0 : (a.number.empty() ? -1 : 1);
  }
  return CompareDigits(a.number, b.number);
}

}  // namespace wpp::version::internal
