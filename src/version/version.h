// Version rules for WordPress.org tags: which tags are versions, how they are
// ordered, which is the latest, and what Composer makes of them.
//
// The rules are docs/behaviour.md §3 (docs/decisions.md §4): `p`, `pl` and `patch`
// suffixes are stable patch releases (as in Composer), and ties between raw
// tags that normalise alike are broken deterministically. Everything here is
// pure, allocation-light and safe on arbitrary bytes (fuzzed in
// tests/fuzz/version_fuzz.cc); nothing throws, and every function may be
// called from any thread.
//
// Grammar of a normalised version (ASCII, keywords case-insensitive):
//   digits{.digits}[0..3] [ "-" (alpha|beta|a|b|rc|p|pl|patch)[[.]digits]
//                          | "-" (dev|stable)[.digits] ]
// or exactly `dev-trunk`. Case and leading zeros are kept as tagged.
//
// Ordering (Compare), lowest to highest for the same numeric part:
//   dev < alpha = a < beta = b < RC < (no suffix) = stable < patch = pl = p
// A keyword without a number sorts below the same keyword with any number
// (`1.0-beta` < `1.0-beta0` < `1.0-beta1`), as in Composer.

#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace wpp::version {

// The one branch version a package can have: its SVN trunk.
inline constexpr std::string_view kDevTrunk = "dev-trunk";

// Normalises a raw WordPress.org tag. Returns "" when the tag is not a
// version. Steps: trim Unicode whitespace; drop one leading `v`, then one
// leading `V`; trim again; `trunk` (any case) or `dev-trunk` (exact) become
// `dev-trunk`; otherwise the rest must match the grammar above and is
// returned as is (`V2.0.0` → `2.0.0`, `1.0-Beta1` → `1.0-Beta1`).
// Normalize(Normalize(x)) == Normalize(x).
std::string Normalize(std::string_view raw);

// True iff Normalize(raw) is non-empty.
bool IsValid(std::string_view raw);

// True for stable releases: no suffix, `-stable[.N]`, or a patch suffix
// (`-p`, `-pl`, `-patch`, any number). False for pre-releases, `dev-trunk`
// and strings that are not versions. Raw tags are normalised first.
bool IsStable(std::string_view normalized);

// True for versions of Composer's `dev` stability: `dev-trunk` and a `-dev`
// suffix (`4.0.2-dev`, `1.0-dev.1`). They go to the ~dev p2 file
// (docs/behaviour.md §14.2). Raw tags are normalised first.
bool IsDevStability(std::string_view normalized);

// Orders two versions: -1 if a < b, 0 if equal, 1 if a > b. Numeric parts
// compare as (arbitrarily long) integers with missing parts as 0, so `1.0`
// equals `1.0.0` and `01.2` equals `1.2`; then the suffix by the stability
// order above, then its number. `dev-trunk` is above every release. Raw tags
// are normalised first; strings that are not versions sort below every
// version and among themselves byte-wise. This is a total preorder, so it
// is safe for sorting: antisymmetric and transitive.
int Compare(std::string_view a, std::string_view b);

// Normalises every key of a raw tag → download URL map, dropping invalid
// tags; URLs are kept as given. One version survives per Composer
// `version_normalized` (`v1.0`, `1.0` and `1.0.0` are all `1.0.0.0`; a
// version Composer rejects stands for itself): the tag whose URL is wp.org's
// download for it (`…/<slug>.<version>.zip`, or `…/<slug>.zip` for
// `dev-trunk`) wins; otherwise, or among several such, the byte-wise
// smallest raw tag. Applied to its own output it changes nothing, so the
// build runs stored maps through it again (their keys stand in for the raw
// tags).
std::map<std::string, std::string> NormalizeVersions(
    const std::map<std::string, std::string>& raw_to_url);

// Drops stable releases newer than the published stable tag (tags pushed to
// SVN before publication). If Normalize(stable_tag) is invalid or
// `dev-trunk`, returns `versions` unchanged. Otherwise keeps `dev-trunk`,
// every non-stable version, and stable versions with Compare(v, tag) <= 0.
// If `dropped` is not null it is set to whether anything was removed.
std::map<std::string, std::string> FilterNewerThan(
    const std::map<std::string, std::string>& versions, std::string_view stable_tag,
    bool* dropped = nullptr);

// The version Composer users get by default: ignoring `dev-trunk` and keys
// that are not versions, the highest stable key; if there is none, the
// highest pre-release; "" if nothing remains. Ties under Compare (`1.0` and
// `1.0.0`) go to the byte-wise greater key.
std::string Latest(const std::map<std::string, std::string>& versions);

// Orders versions for a Composer p2 array: releases newest first (ties:
// byte-wise greater first, as in Latest), then every `dev-trunk`, then any
// strings that are not versions, byte-wise ascending. Nothing is dropped.
// `dev-trunk` goes last, not first, because it is a branch, not a release:
// the p2 minifier writes the first entry in full, and that should be the
// release users install.
std::vector<std::string> SortNewestFirst(std::vector<std::string> versions);

// Composer's `version_normalized` for a version, exactly as Composer's
// VersionParser::normalize computes it: `1.0` → `1.0.0.0`, `1.0-b2` →
// `1.0.0.0-beta2`, `1.0-rc.2` → `1.0.0.0-RC2`, `1.0-pl1` → `1.0.0.0-patch1`,
// `1.0-stable` → `1.0.0.0`, `20100102` → `20100102`, `dev-trunk` →
// `dev-trunk`. Returns "" when the input is not a version or Composer
// rejects it (`1.0-dev.1`, a 6+ digit first part that is not date-shaped
// such as `1234567.1`); such a version cannot be offered to Composer. Raw
// tags are normalised first. Composer quirks are kept on purpose: `-STABLE`
// (not lowercase) becomes `-stable`, and `1234567.1-dev` becomes
// `1234567.1.9999999.9999999-dev`.
std::string ComposerNormalized(std::string_view normalized);

}  // namespace wpp::version
