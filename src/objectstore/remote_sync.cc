#include "objectstore/remote_sync.h"

#include "objectstore/s3_object_store.h"

namespace wpp::objectstore {

RemoteSync MakeRemoteSync(const config::Config& config, db::Database& db, io::HttpClient& http,
                          base::Clock& clock) {
  return [&config, &db, &http, &clock](const std::string& build_id) -> base::Result<SyncReport> {
    auto options = S3OptionsFromConfig(config.r2, config.r2.bucket);
    if (!options) {
      return std::move(options).error().Annotate("R2 sync failed");
    }
    auto store = NewS3ObjectStore(http, clock, std::move(options).value());
    if (!store) {
      return std::move(store).error().Annotate("R2 sync failed");
    }
    auto report = SyncBuild(**store, db, clock, config.repository_dir, build_id,
                            SyncOptions{.concurrency = config.r2.concurrency});
    if (!report) {
      return std::move(report).error().Annotate("R2 sync failed");
    }
    return report;
  };
}

}  // namespace wpp::objectstore
