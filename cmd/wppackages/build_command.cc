// `build`: turn the database into a static Composer repository
// (repository::Build; pipeline.md §9, decisions.md §5–§7).

#include <memory>
#include <string>

#include "base/log.h"
#include "command.h"
#include "ingest/stop_signal.h"
#include "repository/build.h"

namespace wpp::cmd {
namespace {

struct BuildFlags {
  bool force = false;
  std::string package{};
  std::string output{};
};

base::Status RunBuild(Context& ctx, const BuildFlags& flags) {
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  repository::BuildOptions options;
  options.output_dir = flags.output.empty()
                           ? std::filesystem::path(app->config().repository_dir) / "builds"
                           : std::filesystem::path(flags.output);
  options.app_url = app->config().app_url;
  options.force = flags.force;
  options.package = flags.package;
  options.stop = &ingest::InstallStopSignalHandler();
  WPP_ASSIGN_OR_RETURN(repository::BuildResult result,
                       repository::Build(app->db(), app->clock(), options));
  (void)result;  // Build logs its summary line.
  return base::Status::Ok();
}

}  // namespace

void RegisterBuild(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("build", "Build the static Composer repository");
  auto flags = std::make_shared<BuildFlags>();
  sub->add_flag("--force", flags->force,
                "Serialise every package instead of reusing unchanged files");
  sub->add_option("--package", flags->package,
                  "Rebuild one package on top of the current build (wp-plugin/<slug>)");
  sub->add_option("--output", flags->output,
                  "Builds directory (default <repository_dir>/builds; current is in its parent)");
  OnRun(sub, ctx, [&ctx, flags] { return RunBuild(ctx, *flags); });
}

}  // namespace wpp::cmd
