// The deterministic synthetic corpus: package `index` of a repository is a
// pure function of (seed, type, index), so nothing is stored and a package is
// built only when a request needs it.

#pragma once

#include <cstdint>
#include <string>

#include "package.h"
#include "revision_clock.h"

namespace wpp::fakewporg {

// Per-package facts that decide how the API answers, cheap to draw.
struct SyntheticTraits {
  Closure closure = Closure::kNone;
  bool api_missing = false;
  bool invalid_utf8 = false;
  bool empty_versions = false;
};

SyntheticTraits DrawTraits(uint64_t seed, RepoType type, uint32_t index);

// The slug candidate for `index`; the corpus resolves collisions by adding
// "-2", "-3", ...
std::string SyntheticSlug(uint64_t seed, RepoType type, uint32_t index);

// Newest revision that touched package `index`, in [1, target_head]; skewed
// towards recent revisions (many packages are old and abandoned).
int64_t SyntheticLastRevision(uint64_t seed, RepoType type, uint32_t index, int64_t target_head);

// Builds the whole package as it stood when the fake started.
Package MakeSyntheticPackage(uint64_t seed, RepoType type, uint32_t index, std::string slug,
                             int64_t last_revision, const RevisionClock& clock);

}  // namespace wpp::fakewporg
