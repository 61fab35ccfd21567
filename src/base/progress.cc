#include "base/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include <sys/ioctl.h>

namespace wpp::base {
namespace {

constexpr int64_t kRedrawIntervalNs = 100'000'000;

int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int TerminalWidth() {
  struct winsize size {};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20) {
    return size.ws_col;
  }
  return 80;
}

std::string FormatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    return "?";
  }
  const auto s = static_cast<int64_t>(std::llround(seconds));
  char buffer[32];
  if (s >= 3600) {
    snprintf(buffer, sizeof buffer, "%lldh%02lldm", static_cast<long long>(s / 3600),
             static_cast<long long>(s % 3600 / 60));
  } else if (s >= 60) {
    snprintf(buffer, sizeof buffer, "%lldm%02llds", static_cast<long long>(s / 60),
             static_cast<long long>(s % 60));
  } else {
    snprintf(buffer, sizeof buffer, "%llds", static_cast<long long>(s));
  }
  return buffer;
}

}  // namespace

bool Progress::TerminalAttached() {
  const char* setting = getenv("WPP_PROGRESS");  // NOLINT(concurrency-mt-unsafe): read-only.
  if (setting != nullptr && std::string_view(setting) == "0") {
    return false;
  }
  return isatty(STDERR_FILENO) == 1;
}

Progress::Progress(std::string_view label, int64_t total)
    : label_(label), enabled_(TerminalAttached()), start_(std::chrono::steady_clock::now()) {
  total_.store(std::max<int64_t>(total, 0), std::memory_order_relaxed);
}

Progress::~Progress() {
  Finish();
}

void Progress::Add(int64_t n) {
  done_.fetch_add(n, std::memory_order_relaxed);
  if (!enabled_) {
    return;
  }
  const int64_t now = SteadyNanos();
  int64_t next = next_draw_ns_.load(std::memory_order_relaxed);
  if (now < next || !next_draw_ns_.compare_exchange_strong(next, now + kRedrawIntervalNs)) {
    return;  // Someone else draws this tick.
  }
  Draw(false);
}

void Progress::SetTotal(int64_t total) {
  total_.store(std::max<int64_t>(total, 0), std::memory_order_relaxed);
}

void Progress::Finish() {
  if (!enabled_) {
    return;
  }
  Draw(true);
}

void Progress::Draw(bool final) {
  std::lock_guard lock(draw_mu_);
  if (finished_) {
    return;
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
  const std::string line =
      Render(label_, done(), total_.load(std::memory_order_relaxed), elapsed, TerminalWidth() - 1);
  // \r and "erase to end of line" redraw in place.
  fprintf(stderr, "\r%s\x1b[K%s", line.c_str(), final ? "\n" : "");
  fflush(stderr);
  finished_ = final;
}

std::string Progress::Render(std::string_view label, int64_t done, int64_t total,
                             std::chrono::duration<double> elapsed, int width) {
  const double seconds = elapsed.count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  char stats[96];
  if (total > 0) {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : NAN;
    snprintf(stats, sizeof stats, " %lld/%lld %3d%% %.0f/s ETA %s", static_cast<long long>(done),
             static_cast<long long>(total), static_cast<int>(fraction * 100), rate,
             done >= total ? "0s" : FormatDuration(eta).c_str());
    std::string out(label);
    const int bar = std::clamp(width - static_cast<int>(out.size() + strlen(stats)) - 3, 0, 40);
    if (bar >= 5) {
      const int filled = static_cast<int>(fraction * bar);
      out += " [";
      out.append(static_cast<size_t>(filled), '#');
      out.append(static_cast<size_t>(bar - filled), '.');
      out += "]";
    }
    out += stats;
    return out.substr(0, static_cast<size_t>(std::max(width, 0)));
  }
  snprintf(stats, sizeof stats, " %lld %.0f/s %s", static_cast<long long>(done), rate,
           FormatDuration(seconds).c_str());
  return (std::string(label) + stats).substr(0, static_cast<size_t>(std::max(width, 0)));
}

}  // namespace wpp::base
