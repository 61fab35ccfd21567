#include "ingest/stop_signal.h"

#include <signal.h>

namespace wpp::ingest {
namespace {

// Signal handlers can only reach globals; a lock-free atomic is safe to
// store to from one.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void OnStopSignal(int /*signal*/) {
  g_stop.store(true, std::memory_order_relaxed);
}

}  // namespace

const std::atomic<bool>& InstallStopSignalHandler() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // A second signal gets the default action.
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return g_stop;
}

}  // namespace wpp::ingest
