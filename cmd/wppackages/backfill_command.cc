// `backfill-revisions`: trunk revisions for plugins never seen in a
// changelog (docs/behaviour.md §4.5).

#include <memory>

#include "app/jobs.h"
#include "command.h"
#include "ingest/backfill.h"

namespace wpp::cmd {

void RegisterBackfillRevisions(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("backfill-revisions", "Fill missing trunk revisions from SVN");
  auto flags = std::make_shared<ingest::BackfillOptions>();
  sub->add_option("--chunk-size", flags->chunk_size, "SVN revisions per log request")
      ->capture_default_str();
  OnRun(sub, ctx, [&ctx, flags]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
    return ingest::RunBackfill(app::IngestEnv(*app), *flags).status();
  });
}

}  // namespace wpp::cmd
