// The hostile corpus (`fake-wporg --hostile`): a few packages whose every
// text field is an attack on whoever displays it: script tags, attribute
// breakers, javascript: and data: URLs, bidirectional overrides, a 100 KB
// description, invalid UTF-8. The mirror must store them without crashing
// and the site must show them as inert text (docs/behaviour.md §18.8).

#pragma once

#include <string>
#include <vector>

#include "package.h"
#include "revision_clock.h"

namespace wpp::fakewporg {

// The hostile slugs of a repository, in a fixed order.
const std::vector<std::string>& HostileSlugs(RepoType type);

// Hostile package `index` (into HostileSlugs(type)), built on an ordinary
// synthetic package so versions, dates and counters stay plausible.
Package MakeHostilePackage(uint64_t seed, RepoType type, uint32_t index, int64_t last_revision,
                           const RevisionClock& clock);

}  // namespace wpp::fakewporg
