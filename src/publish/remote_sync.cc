#include "publish/remote_sync.h"

#include "objectstore/s3_object_store.h"

namespace wpp::publish {

deploy::RemoteSync MakeRemoteSync(const config::Config& config, db::Database& db,
                                  io::HttpClient& http, base::Clock& clock,
                                  std::function<void(const SyncReport&)> on_report) {
  return [&config, &db, &http, &clock, on_report = std::move(on_report)](
             const deploy::BuildRef& target, const deploy::BuildRef*) -> base::Status {
    WPP_ASSIGN_OR_RETURN(objectstore::S3Options options,
                         objectstore::S3OptionsFromConfig(config.r2, config.r2.bucket));
    WPP_ASSIGN_OR_RETURN(auto store,
                         objectstore::NewS3ObjectStore(http, clock, std::move(options)));
    WPP_ASSIGN_OR_RETURN(SyncReport report,
                         SyncBuild(*store, db, clock, config.repository_dir, target.id,
                                   SyncOptions{.concurrency = config.r2.concurrency}));
    if (on_report) {
      on_report(report);
    }
    return base::Status::Ok();
  };
}

}  // namespace wpp::publish
