// Internals of wpp::version: taking a version apart without allocating.
// Only src/version/ may include this header.

#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace wpp::version::internal {

// Stability of a suffix, in Composer's order (lowest first).
enum class Stability { kDev = 0, kAlpha, kBeta, kRc, kStable, kPatch };

// A normalised version taken apart. Every view points into the string given
// to Parse (or, for `dev-trunk`, into static storage), so a Parsed must not
// outlive that string.
struct Parsed {
  std::string_view text{};                  // The whole normalised version.
  bool trunk = false;                       // `dev-trunk`; nothing else is set.
  std::array<std::string_view, 4> parts{};  // Numeric parts as written.
  int part_count = 0;                       // 1..4.
  std::string_view keyword{};               // Suffix keyword as written; empty if none.
  Stability stability = Stability::kStable;
  std::string_view number{};  // Digits after the keyword (without a dot); may be empty.
};

// Strips surrounding Unicode whitespace (the White_Space characters of
// Go's unicode.IsSpace, which the reference implementation used).
std::string_view TrimUnicodeSpace(std::string_view s);

// Normalize without allocating: a view into `raw`, static `dev-trunk`, or
// nullopt when `raw` is not a version.
std::optional<std::string_view> NormalizeView(std::string_view raw);

// Takes apart a string that is already exactly in normalised form (no `v`,
// no whitespace); nullopt otherwise.
std::optional<Parsed> ParseNormalized(std::string_view s);

// NormalizeView then ParseNormalized: accepts raw tags as well.
std::optional<Parsed> Parse(std::string_view raw);

// Compares two parsed versions (-1/0/1) by the order documented in
// version.h, ignoring how they are spelled.
int CompareParsed(const Parsed& a, const Parsed& b);

}  // namespace wpp::version::internal
