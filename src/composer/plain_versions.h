// Fast paths for the version rules on "plain" versions: one to four
// dot-separated runs of 1–9 ASCII digits (plus dev-trunk), which are what
// nearly every WordPress.org tag looks like. The build calls these for
// a million versions, so they avoid re-parsing on every comparison; anything
// that is not plain goes to the general rules in version/version.h, and the
// results are identical (plain_versions_test.cc checks them against those).
// Pure; thread-safe.

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wpp::composer {

// True for "dev-trunk" and for one to four dot-separated runs of 1–9 ASCII
// digits: versions that version::Normalize returns unchanged.
bool IsPlainVersion(std::string_view v);

// version::SortNewestFirst, faster when every version is plain.
std::vector<std::string> SortNewestFirst(std::vector<std::string> versions);

// version::ComposerNormalized, faster for plain versions whose first part
// has at most five digits (Composer pads them to four parts).
std::string ComposerNormalized(std::string_view version);

}  // namespace wpp::composer
