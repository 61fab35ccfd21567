// wppackages: every batch command and the HTTP server in one binary.
// Exit codes: 0 success, 1 the command failed, 2 usage error.

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "command.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  wpp::cmd::Context ctx;
  CLI::App root{
      "wppackages: a Composer repository of every WordPress.org plugin and theme\n"
      "(wp-plugin/<slug>, wp-theme/<slug>), mirrored, built, deployed and served.",
      "wppackages"};
  // --help-all works but stays out of the ordinary help (group "").
  root.set_help_all_flag("--help-all", "Show help for every command")->group("");
  root.set_version_flag("--version", std::string("wppackages ") + WPP_VERSION + " (commit " +
                                         WPP_COMMIT + ", " + WPP_BUILD_TYPE + " build, " +
                                         __VERSION__ + ")");
  root.add_option("--config", ctx.flags.config_path,
                  "YAML config file (env and flags override it)");
  root.add_option("--db", ctx.flags.db_path, "Database path (default ./storage/wppackages.db)");
  root.add_option("--log-level", ctx.flags.log_level, "Log verbosity")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}, CLI::ignore_case));
  root.add_option("--log-format", ctx.flags.log_format, "Log format (default: json in production)")
      ->check(CLI::IsMember({"text", "json"}));
  root.fallthrough();

  wpp::cmd::RegisterMigrate(root, ctx);
  wpp::cmd::RegisterDiscover(root, ctx);
  wpp::cmd::RegisterUpdate(root, ctx);
  wpp::cmd::RegisterBackfillRevisions(root, ctx);
  wpp::cmd::RegisterBuild(root, ctx);
  wpp::cmd::RegisterExport(root, ctx);
  wpp::cmd::RegisterDeploy(root, ctx);
  wpp::cmd::RegisterPipeline(root, ctx);
  wpp::cmd::RegisterServe(root, ctx);
  wpp::cmd::RegisterCheckStatus(root, ctx);
  wpp::cmd::RegisterAggregateInstalls(root, ctx);
  wpp::cmd::RegisterGenerateOg(root, ctx);
  wpp::cmd::RegisterCleanupSessions(root, ctx);
  wpp::cmd::RegisterCleanupR2Orphans(root, ctx);
  wpp::cmd::RegisterAdmin(root, ctx);
  wpp::cmd::RegisterDb(root, ctx);
  wpp::cmd::RegisterDoctor(root, ctx);
  wpp::cmd::RegisterVerify(root, ctx);
  wpp::cmd::RegisterAdvisories(root, ctx);

  try {
    root.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return root.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "wppackages: %s\nRun 'wppackages --help' for usage.\n", e.what());
    return kExitUsage;
  }

  if (!ctx.runner) {
    // A group (or nothing) was named: show its help.
    const CLI::App* shown = &root;
    while (!shown->get_subcommands().empty()) {
      shown = shown->get_subcommands().front();
    }
    std::cout << shown->help();
    return 0;
  }
  const wpp::base::Status status = ctx.runner();
  if (!status.ok()) {
    std::fprintf(stderr, "Error: %s\n", status.error().message().c_str());
    return kExitFailure;
  }
  return 0;
}
