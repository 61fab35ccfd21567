// The pipeline watch of serve --with-scheduler (docs/behaviour.md §16.6):
// every period it asks each SVN repository for its youngest revision (one
// OPTIONS, docs/behaviour.md §2.9) and starts the pipeline early when one is
// above the changelog watermark the pipeline stored. Pure decision logic:
// the questions are injected and time is passed in, so tests drive it with
// a FakeClock.

#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "base/clock.h"
#include "base/package_type.h"
#include "base/result.h"

namespace wpp::scheduler {

struct WatchCounts {
  int64_t checks = 0;  // Rounds that asked the repositories.
  int64_t early = 0;   // Rounds that started the pipeline early.
  int64_t failed = 0;  // Failed or odd OPTIONS answers.
};

class PipelineWatch {
 public:
  // The youngest revision of a repository (wporg::Client::FetchYoungestRevision).
  using Youngest = std::function<base::Result<int64_t>(base::PackageType)>;
  // The stored changelog watermark of a repository; nullopt when there is none.
  using Watermark = std::function<std::optional<int64_t>(base::PackageType)>;

  // A period of 0 disables the watch: Check never asks and never fires.
  PipelineWatch(std::chrono::seconds period, Youngest youngest, Watermark watermark);

  bool enabled() const { return period_.count() > 0; }
  std::chrono::seconds period() const { return period_; }

  // Whether the pipeline should start now. Asks the repositories at most once
  // a period, never while the pipeline runs (a round due during a run is
  // asked as soon as the run ends), and fires at most once for a given
  // youngest revision, so a mirror that answers a revision its REPORT does
  // not return yet causes one early run, not a loop.
  bool Check(base::Clock::TimePoint now, bool pipeline_running);

  const WatchCounts& counts() const { return counts_; }

 private:
  std::chrono::seconds period_;
  Youngest youngest_;
  Watermark watermark_;
  std::optional<base::Clock::TimePoint> next_{};  // Unset: ask at the first chance.
  int64_t fired_for_[2] = {0, 0};                 // Per repository (plugins, themes).
  bool failing_[2] = {false, false};              // Logged once per streak of failures.
  WatchCounts counts_{};
};

// The counts of every watch of this process, for /metrics
// (docs/behaviour.md §16.4); nullopt when no watch is running.
std::optional<WatchCounts> ProcessWatchCounts();
// Marks that a watch of this process is running.
void NoteWatchRunning();

}  // namespace wpp::scheduler
