#include "objectstore/remote_sync.h"

#include "objectstore/s3_object_store.h"

namespace wpp::objectstore {

RemoteSync MakeRemoteSync(const config::Config& config, db::Database& db, io::HttpClient& http,
                          base::Clock& clock) {
  return [&config, &db, &http, &clock](const std::string& build_id) -> base::Result<SyncReport> {
    WPP_ASSIGN_OR_RETURN(S3Options options, S3OptionsFromConfig(config.r2, config.r2.bucket));
    WPP_ASSIGN_OR_RETURN(auto store, NewS3ObjectStore(http, clock, std::move(options)));
    return SyncBuild(*store, db, clock, config.repository_dir, build_id,
                     SyncOptions{.concurrency = config.r2.concurrency});
  };
}

}  // namespace wpp::objectstore
