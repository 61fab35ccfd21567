// The remote-sync step of `deploy`: what the deploy command calls after
// validating a build and before promoting it, when `--to-r2` is given or
// r2.enabled is set (WP_PACKAGES_DEPLOY_R2 / WP_COMPOSER_DEPLOY_R2).

#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "config/config.h"
#include "db/database.h"
#include "io/http_client.h"
#include "objectstore/sync.h"

namespace wpp::objectstore {

// Syncs one build id to the Composer bucket. On error the caller must leave
// `current` unchanged (deploy::Promote does, and prefixes "R2 sync failed: ").
using RemoteSync = std::function<base::Result<SyncReport>(const std::string& build_id)>;

// Whether deploys sync to the bucket: `to_r2_flag` or config.r2.enabled.
inline bool RemoteSyncEnabled(const config::Config& config, bool to_r2_flag) {
  return to_r2_flag || config.r2.enabled;
}

// A RemoteSync for builds under config.repository_dir, uploading to
// config.r2.bucket with config.r2.concurrency uploads in flight. Missing R2
// settings are reported when the returned function runs. The arguments
// must outlive the returned function.
RemoteSync MakeRemoteSync(const config::Config& config, db::Database& db, io::HttpClient& http,
                          base::Clock& clock);

}  // namespace wpp::objectstore
