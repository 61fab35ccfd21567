// What discover, update and backfill-revisions borrow from the App: the
// database, the clock, the HTTP client, the configuration and the stop flag
// set by SIGINT/SIGTERM.

#pragma once

#include <algorithm>
#include <atomic>

#include "base/clock.h"
#include "config/config.h"
#include "db/database.h"
#include "io/http_client.h"

namespace wpp::ingest {

// Every member must outlive the run that borrows it.
struct Env {
  db::Database& db;
  base::Clock& clock;
  io::HttpClient& http;
  const config::Config& config;
  // When it becomes true, runs stop between units of work. May be null.
  const std::atomic<bool>* stop = nullptr;

  bool stopping() const { return stop != nullptr && stop->load(std::memory_order_relaxed); }
};

// A --concurrency value of 0 or less means the configured default
// (docs/decisions.md §12), which itself falls back to 10.
inline int ResolveConcurrency(int flag, const config::Config& config) {
  if (flag > 0) {
    return flag;
  }
  return config.discovery.concurrency > 0 ? config.discovery.concurrency : 10;
}

}  // namespace wpp::ingest
