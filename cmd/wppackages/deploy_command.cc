// `deploy`: promote a build, roll back, or clean up old builds
// (deploy::Promote, Rollback, Cleanup; docs/behaviour.md §8, docs/decisions.md §8).

#include <memory>
#include <string>
#include <vector>

#include "app/jobs.h"
#include "base/log.h"
#include "command.h"
#include "deploy/deploy.h"

namespace wpp::cmd {
namespace {

struct DeployFlags {
  std::vector<std::string> positional{};
  std::string rollback{};
  CLI::Option* rollback_option = nullptr;
  bool cleanup = false;
  int retain = deploy::kMinimumRetain;
  bool to_r2 = false;
};

base::Status RunDeploy(Context& ctx, const DeployFlags& flags) {
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  const config::Config& config = app->config();
  if (flags.cleanup) {
    WPP_ASSIGN_OR_RETURN(deploy::CleanupResult cleaned,
                         deploy::Cleanup(config.repository_dir, flags.retain));
    (void)cleaned;  // Cleanup logs what it removed.
    return base::Status::Ok();
  }
  const deploy::DeployOptions options = app::DeployOptionsFor(*app, flags.to_r2);
  const std::string positional = flags.positional.empty() ? "" : flags.positional.front();
  base::Result<deploy::DeployResult> result =
      flags.rollback_option->count() > 0
          ? deploy::Rollback(app->db(), app->clock(), options,
                             flags.rollback.empty() ? positional : flags.rollback)
          : deploy::Promote(app->db(), app->clock(), options, positional);
  return result.status();
}

}  // namespace

void RegisterDeploy(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("deploy", "Promote a build, roll back, or clean up old builds");
  auto flags = std::make_shared<DeployFlags>();
  sub->add_option("build-id", flags->positional, "Build to promote (default: newest valid)")
      ->expected(0, 1);
  flags->rollback_option =
      sub->add_option("--rollback", flags->rollback,
                      "Roll back to the previous build, or to <id> (--rollback=<id> or "
                      "--rollback <id>)")
          ->expected(0, 1);
  auto* cleanup = sub->add_flag("--cleanup", flags->cleanup, "Delete old local builds and exit");
  sub->add_option("--retain", flags->retain,
                  "With --cleanup: builds to keep besides current (minimum 5)")
      ->needs(cleanup);
  cleanup->excludes(flags->rollback_option);
  sub->add_flag("--to-r2", flags->to_r2, "Sync to the object store before promoting");
  OnRun(sub, ctx, [&ctx, flags] { return RunDeploy(ctx, *flags); });
}

}  // namespace wpp::cmd
