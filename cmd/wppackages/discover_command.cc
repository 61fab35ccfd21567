// `discover`: shell rows for WordPress.org packages (docs/behaviour.md §4).

#include <memory>

#include "app/jobs.h"
#include "command.h"
#include "ingest/discover.h"

namespace wpp::cmd {

void RegisterDiscover(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("discover", "Find WordPress.org packages (shell rows)");
  auto flags = std::make_shared<ingest::DiscoverOptions>();
  sub->add_option("--source", flags->source, "config (seeds file) or svn (full directory)")
      ->check(CLI::IsMember({"config", "svn"}))
      ->capture_default_str();
  sub->add_option("--type", flags->type, "plugin, theme or all")
      ->check(CLI::IsMember({"plugin", "theme", "all"}))
      ->capture_default_str();
  sub->add_option("--limit", flags->limit, "Maximum packages to discover (0 = no limit)");
  sub->add_option("--concurrency", flags->concurrency, "Parallel requests (<= 0: default)");
  OnRun(sub, ctx, [&ctx, flags]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
    return ingest::RunDiscover(app::IngestEnv(*app), *flags).status();
  });
}

}  // namespace wpp::cmd
