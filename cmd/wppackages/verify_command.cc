// `verify`: re-hash the files of builds and name each bad one
// (app::RunVerify; docs/behaviour.md §8.7).

#include <cstdio>
#include <memory>
#include <string>

#include "app/jobs.h"
#include "base/log.h"
#include "command.h"

namespace wpp::cmd {
namespace {

struct VerifyFlags {
  std::string build{};
  bool all = false;
};

base::Status RunVerify(Context& ctx, const VerifyFlags& flags) {
  WPP_ASSIGN_OR_RETURN(const config::Config config, ctx.LoadConfig());
  WPP_ASSIGN_OR_RETURN(const repository::VerifyReport report,
                       app::RunVerify(config, flags.build, flags.all));
  for (const repository::BadFile& bad : report.bad) {
    std::printf("BAD %s %s %s: %s\n", bad.build_id.c_str(), bad.key.c_str(), bad.path.c_str(),
                bad.problem.c_str());
  }
  std::fflush(stdout);
  base::log::Info("verify complete", {{"builds", report.builds},
                                      {"blobs", report.blobs},
                                      {"bytes", report.bytes},
                                      {"bad", report.bad.size()}});
  if (!report.bad.empty()) {
    return base::Error(base::ErrorCode::kDataLoss,
                       std::to_string(report.bad.size()) +
                           " files fail their content check; `wppackages build --force` writes "
                           "every p2 file again");
  }
  return base::Status::Ok();
}

}  // namespace

void RegisterVerify(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand(
      "verify", "Re-hash a build's files (default: the current build) and name each bad one");
  auto flags = std::make_shared<VerifyFlags>();
  auto* build = sub->add_option("--build", flags->build, "Build id to check");
  sub->add_flag("--all", flags->all, "Check every build")->excludes(build);
  OnRun(sub, ctx, [&ctx, flags] { return RunVerify(ctx, *flags); });
}

}  // namespace wpp::cmd
