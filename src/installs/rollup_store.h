// aggregate-installs: folds new install_events into the counters the site
// shows (docs/behaviour.md §12). RollupStore is the one writer of
// monthly_installs, daily_installs, install_rollup_state and the install
// counters of `packages` (wp_packages_installs_total, wp_packages_installs_30d,
// last_installed_at), and the pruner of install_events.
//
// Every write is a short transaction (the chunk size adapts to keep each
// under a target), so `POST /downloads` ingestion never waits long, and each
// chunk of events moves the watermark in the same transaction as its counts:
// a run killed at any point never counts an event twice or loses one.

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"

namespace wpp::installs {

struct RollupOptions {
  // Events read per transaction at first; then sized so that a transaction
  // takes about `target_transaction`.
  int64_t initial_chunk = 1'000;
  std::chrono::milliseconds target_transaction{25};
  // Days after which raw events are deleted (monthly history stays).
  int retention_days = 365;
  // After each transaction, wait as long as it held the write lock, so
  // that writers waiting for the lock get it.
  bool pace = true;
  // Draw a progress bar on a terminal.
  bool progress = true;
  // Raised by SIGINT/SIGTERM: stop after the current transaction.
  const std::atomic<bool>* stop = nullptr;
  // Test hook, called at every checkpoint: just before each COMMIT (inside
  // the transaction) and after it. Fault-injection tests kill the process
  // here.
  std::function<void(std::string_view checkpoint)> checkpoint{};
};

struct RollupResult {
  int64_t watermark_before = 0;
  int64_t watermark = 0;
  int64_t events_counted = 0;    // New events folded into the rollups.
  int64_t events_malformed = 0;  // New events whose created_at is unreadable (skipped).
  int64_t packages_updated = 0;  // Rows whose total (or last_installed_at) changed.
  int64_t packages_reset = 0;    // Rows whose 30-day count fell to 0.
  int64_t packages_30d_changed = 0;
  int64_t events_pruned = 0;
  int64_t transactions = 0;
  std::chrono::milliseconds longest_transaction{0};
  std::string longest_step{};  // Which step's transaction that was.
  std::chrono::milliseconds elapsed{0};
  bool interrupted = false;
};

// Not thread-safe; borrows `db` and `clock`, which must outlive it.
class RollupStore {
 public:
  RollupStore(db::Database& db, base::Clock& clock);

  // One aggregate-installs run: fold events past the watermark, recompute
  // totals and 30-day counts, prune old events, refresh package_stats.
  base::Result<RollupResult> Run(const RollupOptions& options);

  // The highest install_events.id already counted.
  base::Result<int64_t> Watermark();

 private:
  struct Run_;
  db::Database& db_;
  base::Clock& clock_;
};

// "YYYY-MM-DD" (UTC) of a stored RFC 3339 time ("…Z" or with a numeric
// offset, fractional seconds allowed); nullopt when unreadable.
std::optional<std::string> UtcDay(std::string_view rfc3339);

}  // namespace wpp::installs
