// Time in the fake: a clock that can run faster than real time or be moved
// by tests, and the releases (SVN commits) published as it passes. Commit k
// happens at start + k·60/R seconds of fake time and bumps one package, so
// for a given seed and start time the history is the same on every run.
// Thread-safe.

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "corpus.h"
#include "package.h"

namespace wpp::fakewporg {

// Which of the two SVN mirrors is behind when --replica-lag is set.
enum class LaggingSide {
  kReport,     // The changelog (REPORT) lags the listing (docs/behaviour.md §4.4).
  kListing,    // The listing lags the changelog.
  kAlternate,  // Each listing/REPORT request alternates between the two mirrors.
};

struct TimelineOptions {
  int64_t start_ms = 0;           // Fake time at startup (Unix milliseconds).
  double time_scale = 1.0;        // Fake seconds per real second; 0 freezes time.
  double commits_per_minute = 0;  // Per fake minute, over both repositories.
  int64_t replica_lag_ms = 0;
  int64_t api_lag_ms = 0;  // The API shows a release this long after its commit.
  LaggingSide lagging = LaggingSide::kReport;
};

struct Commit {
  RepoType type = RepoType::kPlugin;
  uint32_t id = 0;
  int64_t revision = 0;
  int64_t time_ms = 0;
  std::string version{};  // The new tag, also the new published version.
};

class Timeline {
 public:
  Timeline(const Corpus& corpus, TimelineOptions options);

  const Corpus& corpus() const { return corpus_; }
  const TimelineOptions& options() const { return options_; }

  // Fake now, Unix milliseconds. Also publishes the commits due by then.
  int64_t Now();
  // Moves fake time forward by `ms` (test hook).
  void Advance(int64_t ms);

  // A package with the commits made at or before `at_ms` applied.
  Package View(RepoType type, uint32_t id, int64_t at_ms) const;
  // The repository's HEAD revision at `at_ms`.
  int64_t Head(RepoType type, int64_t at_ms) const;
  // Commits of a repository with lo ≤ revision ≤ hi, oldest first.
  std::vector<Commit> Commits(RepoType type, int64_t lo, int64_t hi) const;
  // Every commit made at or before `at_ms`, oldest first.
  std::vector<Commit> CommitsUpTo(int64_t at_ms) const;

  // The moment each mirror reflects, given fake now.
  int64_t ListingTime(int64_t now);
  int64_t ReportTime(int64_t now);
  int64_t ApiTime(int64_t now) const { return now - options_.api_lag_ms; }

 private:
  int64_t CommitTime(uint64_t k) const;
  void CatchUp(int64_t now);
  void MakeCommit(uint64_t k);
  Package ViewLocked(RepoType type, uint32_t id, int64_t at_ms) const;
  bool Lagging(LaggingSide side);

  static uint64_t Key(RepoType type, uint32_t id) {
    return (static_cast<uint64_t>(type) << 32) | id;
  }

  const Corpus& corpus_;
  const TimelineOptions options_;
  const std::chrono::steady_clock::time_point started_;
  std::atomic<int64_t> offset_ms_{0};
  std::atomic<int64_t> next_due_ms_;
  std::atomic<uint64_t> alternate_[2] = {0, 0};  // Per side, for kAlternate.
  mutable std::shared_mutex mu_;
  uint64_t made_ = 0;                                               // Guarded by mu_.
  std::vector<Commit> commits_;                                     // Guarded by mu_.
  std::vector<uint32_t> by_repo_[2];                                // Guarded by mu_.
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_package_;  // Guarded by mu_.
};

}  // namespace wpp::fakewporg
