// `advisories`: loads the vulnerability feed and the security closures into
// the advisories the next build publishes (docs/behaviour.md §20.4).

#include <memory>

#include "app/advisories_job.h"
#include "command.h"

namespace wpp::cmd {

void RegisterAdvisories(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand(
      "advisories", "Load security advisories (ADVISORIES_FEED_URL, security closures)");
  auto flags = std::make_shared<app::AdvisoriesJob>();
  sub->add_flag("--force", flags->force, "Fetch the whole feed, ignoring ETag/Last-Modified");
  OnRun(sub, ctx, [&ctx, flags]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
    return app::RunAdvisories(*app, *flags).status();
  });
}

}  // namespace wpp::cmd
