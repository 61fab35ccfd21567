// `aggregate-installs`: folds new install events into the install counters
// (docs/behaviour.md §12).

#include "app/jobs.h"
#include "command.h"

namespace wpp::cmd {

void RegisterAggregateInstalls(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("aggregate-installs", "Recompute install counters");
  OnRun(sub, ctx, [&ctx]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
    return app::RunAggregateInstalls(*app).status();
  });
}

}  // namespace wpp::cmd
