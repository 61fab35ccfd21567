#include "app/app.h"

#include <algorithm>

namespace wpp::app {

App::App(config::Config config, std::unique_ptr<db::Database> db)
    : config_(std::move(config)), db_(std::move(db)) {}

base::Result<std::unique_ptr<App>> App::Create(config::Config config) {
  auto db = db::Database::Open(config.db_path);
  if (!db) {
    return std::move(db).error();
  }
  return std::unique_ptr<App>(new App(std::move(config), std::move(db).value()));
}

io::HttpClient& App::http(int parallel_requests) {
  if (!http_) {
    io::CurlOptions options;
    options.max_connections_per_host =
        std::max({config_.discovery.concurrency, parallel_requests, 32});
    options.max_connections = options.max_connections_per_host * 2;
    http_ = io::NewCurlHttpClient(options);
  }
  return *http_;
}

}  // namespace wpp::app
