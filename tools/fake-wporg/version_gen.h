// Version-tag histories for synthetic packages: a long-tailed number of tags
// per package, mostly ordinary releases, sprinkled with the odd strings real
// SVN tags contain ("v1.2", "1.0.0.0.1", both "2.8" and "2.8.0",
// "3.1.0-dev1", "1.0-pl1", trailing dots).

#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "rng.h"

namespace wpp::fakewporg {

struct VersionPlan {
  std::vector<std::string> tags{};  // Oldest first; names are unique.
  std::string stable{};             // The `version` the API publishes.
};

// Long-tailed: most packages get a handful of tags, a few get hundreds.
size_t DrawVersionCount(Rng& rng);
// `count` tags (0 gives an empty plan with stable "1.0").
VersionPlan MakeVersionPlan(Rng& rng, size_t count);
// The release after the highest plain numeric tag: "2.8.9" → "2.8.10",
// "v1.2" → "v1.3". Never one of `existing`.
std::string NextRelease(const std::vector<std::string>& existing, const std::string& stable);

}  // namespace wpp::fakewporg
