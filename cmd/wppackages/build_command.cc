// `build`: turn the database into a static Composer repository
// (repository::Build; docs/behaviour.md §7, docs/decisions.md §5–§7), and `export`:
// write a build out as a plain file tree (repository::ExportBuild).

#include <memory>
#include <string>

#include "app/jobs.h"
#include "base/log.h"
#include "command.h"
#include "repository/build_dir.h"
#include "repository/export.h"

namespace wpp::cmd {
namespace {

base::Status RunBuild(Context& ctx, const app::BuildJob& job) {
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  WPP_ASSIGN_OR_RETURN(repository::BuildResult result, app::RunBuild(*app, job));
  (void)result;  // Build logs its summary line.
  return base::Status::Ok();
}

struct ExportFlags {
  std::string dir{};
  std::string build{};
};

base::Status RunExport(Context& ctx, const ExportFlags& flags) {
  WPP_ASSIGN_OR_RETURN(const config::Config config, ctx.LoadConfig());
  const std::filesystem::path repository_dir = config.repository_dir;
  std::filesystem::path build_dir = repository_dir / "builds" / flags.build;
  if (flags.build.empty()) {
    WPP_ASSIGN_OR_RETURN(const auto current, repository::CurrentBuild(repository_dir));
    if (!current) {
      return base::Error(base::ErrorCode::kNotFound,
                         "no current build in " + repository_dir.string() + "; pass --build <id>");
    }
    build_dir = current->dir;
  } else if (!repository::IsBuildId(flags.build)) {
    return base::Error(base::ErrorCode::kInvalidArgument,
                       "invalid build id " + flags.build + " (want YYYYMMDD-HHMMSS)");
  }
  WPP_ASSIGN_OR_RETURN(const repository::ExportResult result,
                       repository::ExportBuild(build_dir, flags.dir));
  (void)result;  // ExportBuild logs its summary line.
  return base::Status::Ok();
}

}  // namespace

void RegisterExport(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand(
      "export",
      "Write a build out as a static file tree (packages.json and p2/) for any web server");
  auto flags = std::make_shared<ExportFlags>();
  sub->add_option("dir", flags->dir, "Directory to write (must not exist or be empty)")->required();
  sub->add_option("--build", flags->build, "Build id (default: the current build)");
  OnRun(sub, ctx, [&ctx, flags] { return RunExport(ctx, *flags); });
}

void RegisterBuild(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("build", "Build the static Composer repository");
  auto flags = std::make_shared<app::BuildJob>();
  sub->add_flag("--force", flags->force,
                "Serialise every package instead of reusing unchanged files");
  sub->add_option("--package", flags->package,
                  "Rebuild one package on top of the current build (wp-plugin/<slug>)");
  sub->add_option("--output", flags->output,
                  "Also write the build out as a static tree (packages.json and p2/) in this "
                  "directory (must not exist or be empty); the build stays deployable by id");
  OnRun(sub, ctx, [&ctx, flags] { return RunBuild(ctx, *flags); });
}

}  // namespace wpp::cmd
