#include "scheduler/watch.h"

#include <atomic>

#include "base/log.h"

namespace wpp::scheduler {
namespace {

std::atomic<bool> g_running{false};
std::atomic<int64_t> g_checks{0};
std::atomic<int64_t> g_early{0};
std::atomic<int64_t> g_failed{0};

constexpr base::PackageType kTypes[] = {base::PackageType::kPlugin, base::PackageType::kTheme};

}  // namespace

std::optional<WatchCounts> ProcessWatchCounts() {
  if (!g_running.load()) {
    return std::nullopt;
  }
  return WatchCounts{.checks = g_checks.load(), .early = g_early.load(), .failed = g_failed.load()};
}

void NoteWatchRunning() {
  g_running = true;
}

PipelineWatch::PipelineWatch(std::chrono::seconds period, Youngest youngest, Watermark watermark)
    : period_(period), youngest_(std::move(youngest)), watermark_(std::move(watermark)) {}

bool PipelineWatch::Check(base::Clock::TimePoint now, bool pipeline_running) {
  if (!enabled() || (next_ && now < *next_) || pipeline_running) {
    return false;  // A round due during a run waits for its end (docs/behaviour.md §16.6).
  }
  next_ = now + period_;
  ++counts_.checks;
  ++g_checks;
  bool fire = false;
  for (size_t i = 0; i < std::size(kTypes); ++i) {
    const std::string type(base::TypeName(kTypes[i]));
    auto youngest = youngest_(kTypes[i]);
    if (!youngest) {
      // Logged and counted; the interval schedule still runs (docs/behaviour.md §16.6).
      ++counts_.failed;
      ++g_failed;
      const std::string error = youngest.error().message();
      if (!failing_[i]) {
        base::log::Warn("pipeline watch: youngest revision failed",
                        {{"type", type}, {"error", error}});
      } else {
        base::log::Debug("pipeline watch: youngest revision failed",
                         {{"type", type}, {"error", error}});
      }
      failing_[i] = true;
      continue;
    }
    if (failing_[i]) {
      base::log::Info("pipeline watch: youngest revision answered again", {{"type", type}});
      failing_[i] = false;
    }
    const std::optional<int64_t> watermark = watermark_(kTypes[i]);
    if (!watermark || *youngest <= *watermark || *youngest <= fired_for_[i]) {
      continue;  // No scan yet, nothing new, or already started once for it.
    }
    fired_for_[i] = *youngest;
    fire = true;
    base::log::Info("pipeline watch: repository moved, pipeline starts early",
                    {{"type", type}, {"youngest", *youngest}, {"watermark", *watermark}});
  }
  if (fire) {
    ++counts_.early;
    ++g_early;
  }
  return fire;
}

}  // namespace wpp::scheduler
