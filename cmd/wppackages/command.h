// Shared plumbing of the wppackages subcommands: global flags, loading the
// configuration, opening the App, and the registration functions of every
// command (one file per command).

#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/App.hpp>

#include "app/app.h"
#include "base/result.h"
#include "config/config.h"

namespace wpp::cmd {

struct GlobalFlags {
  std::string config_path{};
  std::string db_path{};
  std::string log_level{};
  std::string log_format{};
};

// What a parsed command line runs. Set by a subcommand's parse callback.
using Runner = std::function<base::Status()>;

class Context {
 public:
  GlobalFlags flags{};
  Runner runner{};
  // The chosen command's log file name under LOG_DIR: "wppackages" for
  // serve, "db-backup" for `db backup`, else the command's name.
  std::string log_name = "wppackages";

  // The global flags as given, to start a child of this binary with the
  // same configuration (serve --with-scheduler).
  std::vector<std::string> GlobalArgs() const;

  // Loads the configuration (defaults, YAML, environment, flags), sets up
  // logging and prints config warnings.
  base::Result<config::Config> LoadConfig(const config::FlagOverrides& extra = {});
  // LoadConfig, then opens the database: the [app] commands.
  base::Result<std::unique_ptr<app::App>> OpenApp(const config::FlagOverrides& extra = {},
                                                  app::AppOptions options = {});
};

// Registers `sub` so that choosing it runs `run`.
void OnRun(CLI::App* sub, Context& ctx, Runner run);

void RegisterMigrate(CLI::App& root, Context& ctx);
void RegisterAdmin(CLI::App& root, Context& ctx);
void RegisterCleanupSessions(CLI::App& root, Context& ctx);
void RegisterDiscover(CLI::App& root, Context& ctx);
void RegisterUpdate(CLI::App& root, Context& ctx);
void RegisterBackfillRevisions(CLI::App& root, Context& ctx);
void RegisterCheckStatus(CLI::App& root, Context& ctx);
void RegisterBuild(CLI::App& root, Context& ctx);
void RegisterExport(CLI::App& root, Context& ctx);
void RegisterDeploy(CLI::App& root, Context& ctx);
void RegisterPipeline(CLI::App& root, Context& ctx);
void RegisterServe(CLI::App& root, Context& ctx);
void RegisterAggregateInstalls(CLI::App& root, Context& ctx);
void RegisterGenerateOg(CLI::App& root, Context& ctx);
void RegisterCleanupR2Orphans(CLI::App& root, Context& ctx);
void RegisterDb(CLI::App& root, Context& ctx);
void RegisterDoctor(CLI::App& root, Context& ctx);
void RegisterVerify(CLI::App& root, Context& ctx);
void RegisterAdvisories(CLI::App& root, Context& ctx);

}  // namespace wpp::cmd
