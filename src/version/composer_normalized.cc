// ComposerNormalized: a port of the parts of Composer's
// VersionParser::normalize (composer/semver 3.x) that a version in our
// grammar can reach. The paths, in Composer's order:
//  1. `dev-…` stays as is.
//  2. "Classical": a first part of at most 5 digits. Pad to four parts with
//     `.0`, then append the modifier.
//  3. "Date": the numeric part matches \d{4}(\.?\d{2}){1,6}(\.?\d{1,3})?.
//     Kept as written (no padding), then the modifier.
//  4. A version ending in `-dev` that neither matched: a numeric branch,
//     padded to four parts with `.9999999`, then `-dev`.
//  5. Anything else is rejected.
// The modifier: `-stable` (exactly lowercase) adds nothing; `dev` adds
// `-dev`; other keywords add `-` + the expanded keyword (a → alpha,
// b → beta, p/pl → patch, rc → RC, the rest lowercased) + the number
// without its dot. `-dev.N` is rejected (no Composer path accepts it).

#include <optional>
#include <string>
#include <string_view>

#include "version/internal/parse.h"
#include "version/version.h"

namespace wpp::version {
namespace {

using internal::Parsed;
using internal::Stability;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Matches (\.?\d{1,3})?$ on what is left after the date's pairs.
bool MatchDateTail(std::string_view rest) {
  if (rest.starts_with('.')) {
    rest.remove_prefix(1);
    if (rest.empty()) {
      return false;
    }
  }
  if (rest.size() > 3) {
    return false;
  }
  for (char c : rest) {
    if (!IsDigit(c)) {
      return false;
    }
  }
  return true;
}

// Matches (\.?\d{2}){n,6}(\.?\d{1,3})?$ where `pairs` have been matched.
bool MatchDatePairs(std::string_view rest, int pairs) {
  if (pairs >= 1 && MatchDateTail(rest)) {
    return true;
  }
  if (pairs == 6) {
    return false;
  }
  if (rest.starts_with('.')) {
    rest.remove_prefix(1);
  }
  if (rest.size() < 2 || !IsDigit(rest[0]) || !IsDigit(rest[1])) {
    return false;
  }
  return MatchDatePairs(rest.substr(2), pairs + 1);
}

// Composer's date-shaped versions: \d{4}(\.?\d{2}){1,6}(\.?\d{1,3})?
// (our numeric part only has digits and dots).
bool IsDateShaped(std::string_view numeric) {
  if (numeric.size() < 4) {
    return false;
  }
  for (size_t i = 0; i < 4; ++i) {
    if (!IsDigit(numeric[i])) {
      return false;
    }
  }
  return MatchDatePairs(numeric.substr(4), 0);
}

std::string ExpandKeyword(std::string_view keyword) {
  std::string lower;
  for (char c : keyword) {
    lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (lower == "a") {
    return "alpha";
  }
  if (lower == "b") {
    return "beta";
  }
  if (lower == "p" || lower == "pl") {
    return "patch";
  }
  return lower == "rc" ? "RC" : lower;
}

// `parts` joined by dots, padded to four parts with `pad`.
std::string JoinPadded(const Parsed& p, std::string_view pad) {
  std::string out;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      out += '.';
    }
    out += i < p.part_count ? p.parts[static_cast<size_t>(i)] : pad;
  }
  return out;
}

// Appends the modifier to `base`; nullopt when Composer rejects it.
std::optional<std::string> WithModifier(std::string base, const Parsed& p) {
  if (p.keyword.empty() || p.keyword == "stable") {
    return base;
  }
  if (p.stability == Stability::kDev) {
    if (!p.number.empty()) {
      return std::nullopt;
    }
    return base + "-dev";
  }
  return base + "-" + ExpandKeyword(p.keyword) + std::string(p.number);
}

}  // namespace

std::string ComposerNormalized(std::string_view normalized) {
  const std::optional<Parsed> p = internal::Parse(normalized);
  if (!p) {
    return std::string();
  }
  if (p->trunk) {
    return std::string(kDevTrunk);
  }
  std::optional<std::string> out;
  const std::string_view numeric = p->text.substr(0, p->text.find('-'));
  if (p->parts[0].size() <= 5) {
    out = WithModifier(JoinPadded(*p, "0"), *p);
  } else if (IsDateShaped(numeric)) {
    out = WithModifier(std::string(numeric), *p);
  } else if (p->stability == Stability::kDev && p->number.empty()) {
    out = JoinPadded(*p, "9999999") + "-dev";
  }
  return out.value_or(std::string());
}

}  // namespace wpp::version
