#include "app/jobs.h"

#include <chrono>

#include "base/hash.h"
#include "base/log.h"
#include "ingest/discover.h"
#include "ingest/stop_signal.h"
#include "ingest/update.h"
#include "pipeline/lock.h"
#include "pipeline/runner.h"
#include "publish/orphans.h"
#include "publish/remote_sync.h"
#include "repository/build_dir.h"
#include "repository/export.h"

namespace wpp::app {

const std::atomic<bool>& StopFlag() {
  return ingest::InstallStopSignalHandler();
}

ingest::Env IngestEnv(App& app, int parallel_requests) {
  return ingest::Env{app.db(), app.clock(), app.http(parallel_requests), app.config(), &StopFlag()};
}

base::Result<repository::BuildResult> RunBuild(App& app, const BuildJob& job) {
  repository::BuildOptions options;
  options.output_dir = std::filesystem::path(app.config().repository_dir) / "builds";
  options.app_url = app.config().app_url;
  options.force = job.force;
  options.package = job.package;
  options.build_id = job.build_id;
  options.stop = &StopFlag();
  if (std::error_code ec; !job.output.empty() && std::filesystem::exists(job.output, ec) &&
                          !(std::filesystem::is_directory(job.output, ec) &&
                            std::filesystem::is_empty(job.output, ec))) {
    return base::Error(base::ErrorCode::kFailedPrecondition,
                       "--output directory " + job.output + " is not empty");
  }
  WPP_ASSIGN_OR_RETURN(repository::BuildResult result,
                       repository::Build(app.db(), app.clock(), options));
  if (!job.output.empty()) {
    // docs/behaviour.md §7.7: the tree is an export of the build just made.
    WPP_ASSIGN_OR_RETURN(const repository::ExportResult exported,
                         repository::ExportBuild(result.dir, job.output));
    (void)exported;  // ExportBuild logs its summary line.
  }
  return result;
}

base::Result<repository::VerifyReport> RunVerify(const config::Config& config,
                                                 const std::string& build_id, bool all) {
  const std::filesystem::path repository_dir = config.repository_dir;
  const std::filesystem::path builds = repository_dir / repository::kBuildsDir;
  std::vector<std::filesystem::path> dirs;
  if (all) {
    WPP_ASSIGN_OR_RETURN(const std::vector<std::string> ids, repository::ListBuilds(builds));
    for (const std::string& id : ids) {
      dirs.push_back(builds / id);
    }
  } else if (!build_id.empty()) {
    if (!repository::IsBuildId(build_id)) {
      return base::Error(base::ErrorCode::kInvalidArgument,
                         "invalid build id " + build_id + " (want YYYYMMDD-HHMMSS)");
    }
    dirs.push_back(builds / build_id);
  } else {
    WPP_ASSIGN_OR_RETURN(const auto current, repository::CurrentBuild(repository_dir));
    if (!current) {
      return base::Error(
          base::ErrorCode::kNotFound,
          "no current build in " + repository_dir.string() + "; pass --build <id> or --all");
    }
    dirs.push_back(current->dir);
  }
  return repository::VerifyBuilds(dirs);
}

deploy::DeployOptions DeployOptionsFor(App& app, bool to_r2, std::optional<int64_t>* r2_seconds) {
  const config::Config& config = app.config();
  deploy::DeployOptions options;
  options.repository_dir = config.repository_dir;
  options.require_remote_sync = publish::RemoteSyncEnabled(config, to_r2);
  if (!options.require_remote_sync) {
    return options;
  }
  auto sync = publish::MakeRemoteSync(config, app.db(), app.http(), app.clock());
  if (r2_seconds == nullptr) {
    options.remote_sync = std::move(sync);
    return options;
  }
  options.remote_sync = [sync, r2_seconds, &app](const deploy::BuildRef& target,
                                                 const deploy::BuildRef* current) {
    const auto start = app.clock().Now();
    base::Status status = sync(target, current);
    *r2_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(app.clock().Now() - start).count();
    return status;
  };
  return options;
}

namespace {

// Whether `built` publishes exactly what the current build does: built on it,
// nothing updated or deleted, the same packages.json (docs/behaviour.md §8.9).
bool UnchangedAgainstCurrent(const config::Config& config, const repository::BuildResult& built) {
  if (built.base_build.empty() || built.packages_changed != 0 || built.packages_deleted != 0) {
    return false;
  }
  auto current = repository::CurrentBuild(config.repository_dir);
  if (!current || !current->has_value() || (*current)->id != built.base_build) {
    return false;
  }
  auto packages_json = repository::ReadFile((*current)->dir / repository::kPackagesJson);
  return packages_json && base::Sha256Hex(*packages_json) == built.root_hash;
}

}  // namespace

base::Status RunPipeline(App& app, const PipelineJob& job) {
  const config::Config& config = app.config();
  const ingest::Env env = IngestEnv(app);

  pipeline::Steps steps;
  steps.discover = [&] {
    ingest::DiscoverOptions options;
    options.source = job.discover_source;
    options.changelog_only = job.changelog_only;
    return ingest::RunDiscover(env, options).status();
  };
  steps.update = [&] { return ingest::RunUpdate(env, ingest::UpdateOptions{}).status(); };
  steps.build = [&](const std::string& id, bool* unchanged) -> base::Status {
    WPP_ASSIGN_OR_RETURN(const repository::BuildResult built,
                         RunBuild(app, BuildJob{.build_id = id}));
    *unchanged = UnchangedAgainstCurrent(config, built);
    if (*unchanged) {
      // docs/behaviour.md §8.9: nothing new, so nothing to keep or publish.
      base::log::Info("build has no change against the current build; discarding it",
                      {{"build_id", id}, {"base", built.base_build}});
      if (base::Status removed = io::FileSystem::Default().RemoveAll(built.dir); !removed.ok()) {
        base::log::Warn("removing the unchanged build failed",
                        {{"build_id", id}, {"error", removed.error().message()}});
      }
    }
    return base::Status::Ok();
  };
  steps.deploy = [&](const std::string& id, std::optional<int64_t>* r2_seconds) {
    return deploy::Promote(app.db(), app.clock(), DeployOptionsFor(app, false, r2_seconds), id)
        .status();
  };
  steps.cleanup = [&] {
    return deploy::Cleanup(config.repository_dir, deploy::kMinimumRetain).status();
  };
  pipeline::RunOptions options;
  options.skip_discover = job.skip_discover;
  options.skip_deploy = job.skip_deploy;
  options.build_id = job.build_id;
  options.lock_path = pipeline::LockPathFor(config.db_path);
  options.discord_webhook_url = config.discord_webhook_url;
  return pipeline::RunPipeline(app.db(), app.clock(), app.http(), steps, options).status();
}

base::Status RunCleanupOrphans(App& app) {
  WPP_ASSIGN_OR_RETURN(auto store, app.OpenBucket(app.config().r2.bucket));
  WPP_ASSIGN_OR_RETURN(auto report, publish::CleanupOrphans(*store, app.db(), app.clock(),
                                                            app.config().r2.concurrency));
  (void)report;  // CleanupOrphans logs packages, keys_deleted and keys_failed.
  return base::Status::Ok();
}

base::Result<installs::RollupResult> RunAggregateInstalls(App& app) {
  installs::RollupOptions options;
  options.stop = &StopFlag();
  WPP_ASSIGN_OR_RETURN(auto r, installs::RollupStore(app.db(), app.clock()).Run(options));
  base::log::Info("aggregate-installs complete",
                  {{"events_counted", r.events_counted},
                   {"watermark", r.watermark},
                   {"packages_updated", r.packages_updated},
                   {"packages_reset", r.packages_reset},
                   {"packages_30d_changed", r.packages_30d_changed},
                   {"events_pruned", r.events_pruned},
                   {"transactions", r.transactions},
                   {"longest_transaction_ms", static_cast<int64_t>(r.longest_transaction.count())},
                   {"longest_step", r.longest_step},
                   {"elapsed_ms", static_cast<int64_t>(r.elapsed.count())},
                   {"interrupted", r.interrupted}});
  if (r.interrupted) {
    return base::Error(
        base::ErrorCode::kUnavailable,
        "aggregate-installs interrupted at watermark " + std::to_string(r.watermark));
  }
  return r;
}

}  // namespace wpp::app
