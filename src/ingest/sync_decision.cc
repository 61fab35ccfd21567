#include "ingest/sync_decision.h"

#include <chrono>

namespace wpp::ingest {

SyncDecision DecideSync(bool versions_changed, bool pending_stable, bool is_theme,
                        const std::optional<std::string>& last_committed,
                        base::Clock::TimePoint now) {
  const auto window =
      pending_stable && is_theme ? std::chrono::hours(24 * 7) : std::chrono::hours(24);
  // Stored timestamps share one fixed format, so "now − L ≤ window" is the
  // string comparison L ≥ format(now − window).
  const bool within_window = last_committed.has_value() && !last_committed->empty() &&
                             *last_committed >= base::FormatRfc3339(now - window);
  if (pending_stable && within_window) {
    return SyncDecision::kRetry;
  }
  if (versions_changed) {
    return SyncDecision::kAdvance;
  }
  if (within_window) {
    return SyncDecision::kRetry;
  }
  return SyncDecision::kExpire;
}

}  // namespace wpp::ingest
