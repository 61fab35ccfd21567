// `backfill-revisions` (docs/behaviour.md §4.5): give active plugins that were
// never seen in a changelog their most recent SVN revision, scanning the
// changelog newest-first in chunks.

#pragma once

#include <cstdint>

#include "base/result.h"
#include "ingest/env.h"

namespace wpp::ingest {

struct BackfillOptions {
  int64_t chunk_size = 10'000;  // Revisions per REPORT; <= 0 means 10,000.
};

struct BackfillStats {
  int64_t missing = 0;  // Plugins without a revision at the start.
  int64_t filled = 0;
  int64_t chunks = 0;
  int64_t skipped_chunks = 0;  // Chunks that failed three times.
  bool interrupted = false;
};

// Errors: kUnavailable when the listing gives no HEAD revision ("could not
// determine current SVN revision") or after a stop signal; database errors.
base::Result<BackfillStats> RunBackfill(const Env& env, const BackfillOptions& options);

}  // namespace wpp::ingest
