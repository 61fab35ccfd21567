// `pipeline`: discover → update → build → deploy (→ cleanup) under the
// pipeline lock, as one row of the builds table (docs/behaviour.md §9).

#include <memory>

#include "command.h"
#include "deploy/deploy.h"
#include "ingest/discover.h"
#include "ingest/stop_signal.h"
#include "ingest/update.h"
#include "objectstore/remote_sync.h"
#include "pipeline/lock.h"
#include "pipeline/runner.h"
#include "repository/build.h"

namespace wpp::cmd {
namespace {

struct PipelineFlags {
  std::string discover_source = "config";
  bool skip_discover = false;
  bool skip_deploy = false;
  std::string build_id{};
};

// The deploy step: promote `id`, syncing to the object store first when
// r2.enabled; reports the sync's duration.
base::Status DeployStep(app::App& app, const std::string& id, std::optional<int64_t>* r2_seconds) {
  const config::Config& config = app.config();
  deploy::DeployOptions options;
  options.repository_dir = config.repository_dir;
  options.require_remote_sync = objectstore::RemoteSyncEnabled(config, false);
  if (options.require_remote_sync) {
    auto sync = objectstore::MakeRemoteSync(config, app.db(), app.http(), app.clock());
    options.remote_sync = [sync, r2_seconds, &app](const deploy::BuildRef& target,
                                                   const deploy::BuildRef*) -> base::Status {
      const auto start = app.clock().Now();
      base::Status status = sync(target.id).status();
      *r2_seconds =
          std::chrono::duration_cast<std::chrono::seconds>(app.clock().Now() - start).count();
      return status;
    };
  }
  return deploy::Promote(app.db(), app.clock(), options, id).status();
}

base::Status RunPipelineCommand(Context& ctx, const PipelineFlags& flags) {
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  const config::Config& config = app->config();
  const std::atomic<bool>& stop = ingest::InstallStopSignalHandler();
  const ingest::Env env{app->db(), app->clock(), app->http(), config, &stop};

  pipeline::Steps steps;
  steps.discover = [&] {
    ingest::DiscoverOptions options;
    options.source = flags.discover_source;
    return ingest::RunDiscover(env, options).status();
  };
  steps.update = [&] { return ingest::RunUpdate(env, ingest::UpdateOptions{}).status(); };
  steps.build = [&](const std::string& id) {
    repository::BuildOptions options;
    options.output_dir = std::filesystem::path(config.repository_dir) / "builds";
    options.app_url = config.app_url;
    options.build_id = id;
    options.stop = &stop;
    return repository::Build(app->db(), app->clock(), options).status();
  };
  steps.deploy = [&](const std::string& id, std::optional<int64_t>* r2_seconds) {
    return DeployStep(*app, id, r2_seconds);
  };
  steps.cleanup = [&] {
    return deploy::Cleanup(config.repository_dir, deploy::kMinimumRetain).status();
  };
  pipeline::RunOptions options;
  options.skip_discover = flags.skip_discover;
  options.skip_deploy = flags.skip_deploy;
  options.build_id = flags.build_id;
  options.lock_path = pipeline::LockPathFor(config.db_path);
  options.discord_webhook_url = config.discord_webhook_url;
  return pipeline::RunPipeline(app->db(), app->clock(), app->http(), steps, options).status();
}

}  // namespace

void RegisterPipeline(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("pipeline", "discover -> update -> build -> deploy, locked");
  auto flags = std::make_shared<PipelineFlags>();
  sub->add_option("--discover-source", flags->discover_source, "config or svn")
      ->capture_default_str();
  sub->add_flag("--skip-discover", flags->skip_discover, "Skip the discover step");
  sub->add_flag("--skip-deploy", flags->skip_deploy, "Skip the deploy step");
  sub->add_option("--build-id", flags->build_id, "Claim a pre-created running build row");
  OnRun(sub, ctx, [&ctx, flags] { return RunPipelineCommand(ctx, *flags); });
}

}  // namespace wpp::cmd
