// `wppackages advisories` (docs/behaviour.md §20.4): fetches the feed with a
// conditional request, stores what changed, refreshes the security-closure
// advisories, logs one summary line. A failed fetch keeps the stored feed.

#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "advisories/advisory_store.h"
#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "io/http_client.h"

namespace wpp::advisories {

struct RunOptions {
  std::string feed_url{};  // Empty: security closures only.
  std::string feed_key{};  // Sent as "Authorization: Bearer <key>" when set.
  bool force = false;      // Ignore the stored validators: fetch the whole feed.
  std::chrono::milliseconds timeout{300'000};
};

struct RunReport {
  std::string feed = "none";  // "none", "fetched", "not-modified" or "failed".
  int64_t records = 0;
  int64_t bad_records = 0;
  int64_t ignored_records = 0;
  ReplaceCounts from_feed{};
  ReplaceCounts from_closures{};
  double seconds = 0;
};

// Errors: kUnavailable when the feed could not be fetched or read (the
// closure advisories are refreshed all the same); the store's errors.
base::Result<RunReport> Run(db::Database& db, io::HttpClient& http, base::Clock& clock,
                            const RunOptions& options);

}  // namespace wpp::advisories
