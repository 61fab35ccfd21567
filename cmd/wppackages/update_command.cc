// `update`: full metadata for packages that need it (docs/behaviour.md §5).

#include <memory>

#include "app/jobs.h"
#include "command.h"
#include "ingest/update.h"

namespace wpp::cmd {

void RegisterUpdate(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("update", "Fetch full package metadata from WordPress.org");
  auto flags = std::make_shared<ingest::UpdateOptions>();
  sub->add_option("--type", flags->type, "plugin, theme or all")
      ->check(CLI::IsMember({"plugin", "theme", "all"}))
      ->capture_default_str();
  sub->add_option("--name", flags->name, "Update one slug");
  sub->add_flag("--force", flags->force, "Re-fetch even if unchanged");
  sub->add_option("--limit", flags->limit, "Maximum packages (0 = no limit)");
  sub->add_flag("--include-inactive", flags->include_inactive, "Also consider inactive rows");
  sub->add_option("--concurrency", flags->concurrency, "Parallel requests (<= 0: default)");
  OnRun(sub, ctx, [&ctx, flags]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
    return ingest::RunUpdate(app::IngestEnv(*app, flags->concurrency), *flags).status();
  });
}

}  // namespace wpp::cmd
