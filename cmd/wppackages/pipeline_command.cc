// `pipeline`: discover → update → build → deploy (→ cleanup) under the
// pipeline lock, as one row of the builds table (app::RunPipeline; docs/behaviour.md §9).

#include <memory>

#include "app/jobs.h"
#include "command.h"

namespace wpp::cmd {

void RegisterPipeline(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("pipeline", "discover -> update -> build -> deploy, locked");
  auto job = std::make_shared<app::PipelineJob>();
  sub->add_option("--discover-source", job->discover_source,
                  "svn (the full WordPress.org directory) or config (the seeds file only)")
      ->check(CLI::IsMember({"config", "svn"}))
      ->capture_default_str();
  sub->add_flag("--skip-discover", job->skip_discover, "Skip the discover step");
  sub->add_flag("--skip-deploy", job->skip_deploy, "Skip the deploy step");
  // Internal (the admin area starts pipelines with it): not in --help.
  sub->add_option("--build-id", job->build_id, "Claim a pre-created running build row")->group("");
  // Internal (the scheduler's early runs): no listings, only the changelog.
  sub->add_flag("--changelog-only", job->changelog_only, "Discover from the changelog only")
      ->group("");
  OnRun(sub, ctx, [&ctx, job]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
    return app::RunPipeline(*app, *job);
  });
}

}  // namespace wpp::cmd
