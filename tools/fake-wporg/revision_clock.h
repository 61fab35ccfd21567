// Maps the revisions of a repository's history (before the fake started) to
// commit times, linearly between two fixed dates, so revision dates,
// `last_updated` and tag dates agree with each other.

#pragma once

#include <cstdint>

namespace wpp::fakewporg {

// 2008-01-01T00:00:00Z and 2025-06-01T00:00:00Z: the span of the history.
inline constexpr int64_t kHistoryStartMs = 1199145600000;
inline constexpr int64_t kHistoryEndMs = 1748736000000;

struct RevisionClock {
  int64_t head = 1;  // The last historical revision (HEAD when the fake starts).

  int64_t TimeOf(int64_t revision) const {
    const double f = static_cast<double>(revision) / static_cast<double>(head);
    return kHistoryStartMs + static_cast<int64_t>(f * (kHistoryEndMs - kHistoryStartMs));
  }
  // The newest revision committed at or before `time_ms` (at least 1).
  int64_t RevisionAt(int64_t time_ms) const {
    const double f = static_cast<double>(time_ms - kHistoryStartMs) /
                     static_cast<double>(kHistoryEndMs - kHistoryStartMs);
    const auto rev = static_cast<int64_t>(f * static_cast<double>(head));
    return rev < 1 ? 1 : (rev > head ? head : rev);
  }
};

}  // namespace wpp::fakewporg
