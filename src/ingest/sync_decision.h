// The stale-API retry window (docs/behaviour.md §5.4): whether a successful fetch
// marks the package synced, or leaves it dirty so the next run fetches it
// again because wp.org's API may still be serving cached data.

#pragma once

#include <optional>
#include <string>

#include "base/clock.h"

namespace wpp::ingest {

enum class SyncDecision {
  kAdvance,  // Versions changed: synced now.
  kRetry,    // Within the window and nothing (or a pending stable) changed: stay dirty.
  kExpire,   // Outside the window: synced now, the API is believed.
};

// `last_committed` is the stored RFC 3339 value (L). The window is 7 days
// for a theme with a pending stable tag, else 24 hours; L within it means
// now − L ≤ window (inclusive).
SyncDecision DecideSync(bool versions_changed, bool pending_stable, bool is_theme,
                        const std::optional<std::string>& last_committed,
                        base::Clock::TimePoint now);

}  // namespace wpp::ingest
