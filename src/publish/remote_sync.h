// The object-store step of a deploy: what `deploy --to-r2`, `deploy
// --rollback --to-r2` and the pipeline run after validating a build and
// before promoting it, when --to-r2 is given or r2.enabled is set
// (WP_PACKAGES_DEPLOY_R2 / WP_COMPOSER_DEPLOY_R2).

#pragma once

#include <functional>

#include "base/clock.h"
#include "config/config.h"
#include "db/database.h"
#include "deploy/deploy.h"
#include "io/http_client.h"
#include "publish/sync.h"

namespace wpp::publish {

// Whether deploys sync to the bucket: `to_r2_flag` or config.r2.enabled.
inline bool RemoteSyncEnabled(const config::Config& config, bool to_r2_flag) {
  return to_r2_flag || config.r2.enabled;
}

// A deploy::RemoteSync that uploads builds under config.repository_dir to
// config.r2.bucket with config.r2.concurrency uploads in flight (SyncBuild).
// Missing R2 settings are reported when it runs. `on_report`, when set,
// receives each successful sync's report. The arguments must outlive the
// returned function.
deploy::RemoteSync MakeRemoteSync(const config::Config& config, db::Database& db,
                                  io::HttpClient& http, base::Clock& clock,
                                  std::function<void(const SyncReport&)> on_report = {});

}  // namespace wpp::publish
