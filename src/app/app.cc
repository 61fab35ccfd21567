#include "app/app.h"

#include <algorithm>

#include "objectstore/s3_object_store.h"

namespace wpp::app {

App::App(config::Config config, std::unique_ptr<db::Database> db)
    : config_(std::move(config)), db_(std::move(db)) {}

base::Result<std::unique_ptr<App>> App::Create(config::Config config, AppOptions options) {
  std::unique_ptr<db::Database> database;
  if (options.open_database) {
    WPP_ASSIGN_OR_RETURN(database, db::Database::Open(config.db_path));
  }
  return std::unique_ptr<App>(new App(std::move(config), std::move(database)));
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

base::Result<std::unique_ptr<objectstore::ObjectStore>> App::OpenBucket(const std::string& bucket) {
  WPP_ASSIGN_OR_RETURN(auto options, objectstore::S3OptionsFromConfig(config_.r2, bucket));
  return objectstore::NewS3ObjectStore(http(), clock(), std::move(options));
}

}  // namespace wpp::app
