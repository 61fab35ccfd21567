// `generate-og`: draw the social preview images that changed
// (app::RunGenerateOg; docs/behaviour.md §15).

#include <memory>

#include "app/og_job.h"
#include "command.h"

namespace wpp::cmd {

void RegisterGenerateOg(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand(
      "generate-og", "Render social preview images (new packages, changed install counts)");
  auto job = std::make_shared<app::OgJob>();
  sub->add_flag("--force", job->force, "Draw every active package's image again");
  sub->add_option("--package", job->package, "Draw one package's image (wp-plugin/<slug>)");
  sub->add_option("--concurrency", job->concurrency,
                  "Workers (<= 0: one per CPU; 8 with the CDN bucket)");
  OnRun(sub, ctx, [&ctx, job]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
    return app::RunGenerateOg(*app, *job);
  });
}

}  // namespace wpp::cmd
