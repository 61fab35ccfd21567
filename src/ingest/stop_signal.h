// SIGINT/SIGTERM handling for batch commands (docs/decisions.md §11): the first
// signal sets a flag that discover/update/backfill check between units of
// work; a second signal terminates the process the default way.

#pragma once

#include <atomic>

namespace wpp::ingest {

// Installs the handlers (idempotent) and returns the process-wide flag.
const std::atomic<bool>& InstallStopSignalHandler();

}  // namespace wpp::ingest
