// Progress: a one-line terminal progress bar for long batch commands
// (discover, update, build, deploy).
//
//   base::Progress progress("update", packages.size());
//   ... progress.Add(1) from any thread ...
//   progress.Finish();
//
// It draws only when stderr is a terminal (and WPP_PROGRESS is not "0");
// otherwise every call is a cheap no-op, so logs and CI output stay clean.
// Redraws are throttled to ten per second. Thread-safe.

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace wpp::base {

class Progress {
 public:
  // `total` 0 means unknown: the bar shows a count and a rate only.
  Progress(std::string_view label, int64_t total);
  // Finishes the bar if Finish was not called.
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void Add(int64_t n = 1);
  void SetTotal(int64_t total);
  // Draws the final state and ends the line. Later calls do nothing.
  void Finish();

  int64_t done() const { return done_.load(std::memory_order_relaxed); }
  bool enabled() const { return enabled_; }

  // Whether bars are drawn in this process (stderr is a TTY).
  static bool TerminalAttached();

  // Renders the bar text for a given state, `width` columns wide. Exposed
  // for tests.
  static std::string Render(std::string_view label, int64_t done, int64_t total,
                            std::chrono::duration<double> elapsed, int width);

 private:
  void Draw(bool final);

  const std::string label_;
  const bool enabled_;
  const std::chrono::steady_clock::time_point start_;
  std::atomic<int64_t> done_{0};
  std::atomic<int64_t> total_{0};
  std::atomic<int64_t> next_draw_ns_{0};  // Steady-clock time of the next allowed redraw.
  std::mutex draw_mu_;                    // Serialises writes to stderr.
  bool finished_ = false;                 // Guarded by draw_mu_.
};

}  // namespace wpp::base
