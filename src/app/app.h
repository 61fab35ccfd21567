// App is the composition root: the one place that constructs production
// implementations (database, HTTP client, clock) and decides their
// lifetimes. Commands borrow from it.

#pragma once

#include <memory>

#include "base/clock.h"
#include "base/result.h"
#include "config/config.h"
#include "db/database.h"
#include "io/http_client.h"

namespace wpp::app {

class App {
 public:
  // Opens the database at config.db_path (creating it if needed). Errors:
  // kUnavailable when the database cannot be opened.
  static base::Result<std::unique_ptr<App>> Create(config::Config config);

  const config::Config& config() const { return config_; }
  base::Clock& clock() { return base::Clock::Real(); }
  db::Database& db() { return *db_; }
  // Created on first use; shared by every caller. Its connection pool lets
  // max(discovery.concurrency, parallel_requests, 32) requests to one host
  // be in flight; only the first call's `parallel_requests` counts (a
  // command's --concurrency passes it before anything else asks).
  io::HttpClient& http(int parallel_requests = 0);

 private:
  App(config::Config config, std::unique_ptr<db::Database> db);

  const config::Config config_;
  // Declared in dependency order: members are destroyed bottom-up.
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<io::HttpClient> http_;
};

}  // namespace wpp::app
