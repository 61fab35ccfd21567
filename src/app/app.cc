#include "app/app.h"

#include <algorithm>

#include "objectstore/s3_object_store.h"

namespace wpp::app {
namespace {

base::Status RequireCurrentSchema(db::Database& database) {
  WPP_ASSIGN_OR_RETURN(const int version, database.SchemaVersion());
  const auto& migrations = db::EmbeddedMigrations();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (version == 0) {
    return base::Error(base::ErrorCode::kFailedPrecondition,
                       "database not migrated: run `wppackages migrate` (" + database.path() + ")");
  }
  if (version < latest) {
    return base::Error(base::ErrorCode::kFailedPrecondition,
                       "database schema is at version " + std::to_string(version) +
                           ", this wppackages needs " + std::to_string(latest) +
                           ": run `wppackages migrate`");
  }
  return base::Status::Ok();
}

}  // namespace

App::App(config::Config config, std::unique_ptr<db::Database> db)
    : config_(std::move(config)), db_(std::move(db)) {}

base::Result<std::unique_ptr<App>> App::Create(config::Config config, AppOptions options) {
  std::unique_ptr<db::Database> database;
  if (options.open_database) {
    WPP_ASSIGN_OR_RETURN(database, db::Database::Open(config.db_path));
    if (options.require_current_schema) {
      WPP_RETURN_IF_ERROR(RequireCurrentSchema(*database));
    }
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
