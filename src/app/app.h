// App is the composition root: the one place that constructs production
// implementations (database, HTTP client, clock, object stores) and decides
// their lifetimes. Commands, the server and the jobs borrow from it; the
// wiring of each job lives in jobs.h, the server's in site.h.

#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "config/config.h"
#include "db/database.h"
#include "io/http_client.h"
#include "objectstore/object_store.h"

namespace wpp::app {

struct AppOptions {
  // False for commands that must not touch the database file (db restore
  // writes it); db() must then not be called.
  bool open_database = true;
  // False only for `migrate`: every other command refuses a database whose
  // schema is older than this binary's migrations (kFailedPrecondition,
  // "database not migrated: run `wppackages migrate`").
  bool require_current_schema = true;
};

class App {
 public:
  // Opens the database at config.db_path (creating it if needed) unless
  // options say otherwise. Errors: kUnavailable when the database cannot be
  // opened.
  static base::Result<std::unique_ptr<App>> Create(config::Config config, AppOptions options = {});

  const config::Config& config() const { return config_; }
  base::Clock& clock() { return base::Clock::Real(); }
  // The database; only when it was opened (AppOptions::open_database).
  db::Database& db() { return *db_; }
  bool has_db() const { return db_ != nullptr; }
  // Created on first use; shared by every caller. Its connection pool lets
  // max(discovery.concurrency, parallel_requests, 32) requests to one host
  // be in flight; only the first call's `parallel_requests` counts (a
  // command's --concurrency passes it before anything else asks).
  io::HttpClient& http(int parallel_requests = 0);

  // A client for `bucket` with the configured S3/R2 endpoint and
  // credentials, over http(). Errors: kInvalidArgument when settings are
  // missing.
  base::Result<std::unique_ptr<objectstore::ObjectStore>> OpenBucket(const std::string& bucket);

 private:
  App(config::Config config, std::unique_ptr<db::Database> db);

  const config::Config config_;
  // Declared in dependency order: members are destroyed bottom-up.
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<io::HttpClient> http_;
};

}  // namespace wpp::app
