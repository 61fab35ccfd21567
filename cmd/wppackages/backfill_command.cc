// `backfill-revisions`: trunk revisions for plugins never seen in a
// changelog (docs/behaviour.md §4.5).

#include <memory>

#include "command.h"
#include "ingest/backfill.h"
#include "ingest/stop_signal.h"

namespace wpp::cmd {

void RegisterBackfillRevisions(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("backfill-revisions", "Fill missing trunk revisions from SVN");
  auto flags = std::make_shared<ingest::BackfillOptions>();
  sub->add_option("--chunk-size", flags->chunk_size, "SVN revisions per log request")
      ->capture_default_str();
  OnRun(sub, ctx, [&ctx, flags]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
    const std::atomic<bool>& stop = ingest::InstallStopSignalHandler();
    const ingest::Env env{app->db(), app->clock(), app->http(), app->config(), &stop};
    return ingest::RunBackfill(env, *flags).status();
  });
}

}  // namespace wpp::cmd
