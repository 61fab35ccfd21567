// `check-status`: re-check every package for closures and re-openings
// (docs/behaviour.md §11).

#include <memory>

#include "app/status_job.h"
#include "command.h"

namespace wpp::cmd {

void RegisterCheckStatus(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("check-status", "Re-check packages for closures and re-openings");
  auto flags = std::make_shared<app::CheckStatusJob>();
  sub->add_option("--type", flags->type, "plugin, theme or all")
      ->check(CLI::IsMember({"plugin", "theme", "all"}))
      ->capture_default_str();
  sub->add_option("--concurrency", flags->concurrency, "Parallel requests (<= 0: default)");
  OnRun(sub, ctx, [&ctx, flags]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
    return app::RunCheckStatus(*app, *flags).status();
  });
}

}  // namespace wpp::cmd
