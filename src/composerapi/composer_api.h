// The Composer-facing part of `serve`: packages.json and p2 files from the
// current build (ETag/304, Last-Modified, gzip on request), the metadata
// changes feed, search, the package list, /health, and notify-batch install
// telemetry (POST /downloads), which is queued and written by one background
// thread so the answer is always immediate.

#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "composerapi/current_build.h"
#include "db/pool.h"
#include "http/client_ip.h"
#include "http/file_cache.h"
#include "http/rate_limiter.h"
#include "http/server.h"
#include "telemetry/install_store.h"

namespace wpp::composerapi {

using http::Request;
using http::Response;

struct ComposerApiOptions {
  std::string repository_dir = "./storage/repository";  // Holds `current`.
  std::string app_url{};
  std::string telemetry_secret{};
  int dedupe_window_seconds = 3600;
  double downloads_per_minute = 60;    // Per client IP.
  size_t max_queued_batches = 10'000;  // Beyond it, POST /downloads answers 503.
  // /health answers 503 when the current build is older (docs/behaviour.md §16.5); 0: never.
  int64_t max_build_age_seconds = 0;
};

// `pool`, `clock` and `proxies` must outlive the object. Thread-safe. The
// install writer holds one of the pool's connections for the object's
// lifetime (its prepared statements live on it), so the pool needs one
// connection more than the requests that may query at once.
class ComposerApi {
 public:
  ComposerApi(ComposerApiOptions options, db::ConnectionPool& pool, base::Clock& clock,
              const http::TrustedProxies& proxies);
  ~ComposerApi();  // Drains queued install batches.
  ComposerApi(const ComposerApi&) = delete;
  ComposerApi& operator=(const ComposerApi&) = delete;

  void Register(http::Router& router);

  // Blocks until every queued install batch is written (tests, shutdown).
  void Flush();

  // POST /downloads batches queued for the writer, and refused with 503
  // because the queue was full.
  uint64_t accepted_batches() const { return accepted_.load(std::memory_order_relaxed); }
  uint64_t dropped_batches() const { return dropped_.load(std::memory_order_relaxed); }
  // Accepted batches the writer could not store (logged as errors).
  uint64_t lost_batches() const { return lost_batches_.load(std::memory_order_relaxed); }

 private:
  Response PackagesJson(const Request& request);
  Response P2(const Request& request);
  Response Changes(const Request& request);
  Response Search(const Request& request);
  Response List(const Request& request);
  Response Health(const Request& request);
  Response Downloads(const Request& request);
  void WriterLoop();

  const ComposerApiOptions options_;
  db::ConnectionPool& pool_;
  base::Clock& clock_;
  const http::TrustedProxies& proxies_;
  CurrentBuild current_;
  http::FileCache files_;
  http::RateLimiter download_limiter_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable drained_;
  // Parsed by the request's thread, so the one writer only checks and
  // stores (docs/behaviour.md §10.1).
  std::vector<telemetry::Batch> queue_;  // Guarded by mu_.
  bool writing_ = false;                 // Guarded by mu_.
  bool stopping_ = false;                // Guarded by mu_.
  std::atomic<uint64_t> accepted_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> lost_batches_{0};
  std::atomic<int64_t> last_drop_log_{0};  // Unix seconds of the last "dropped" line.
  static constexpr int64_t kDropLogIntervalSeconds = 10;
  std::thread writer_;
};

}  // namespace wpp::composerapi
