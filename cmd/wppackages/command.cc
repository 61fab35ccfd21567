#include "command.h"

#include "base/log.h"

namespace wpp::cmd {

base::Result<config::Config> Context::LoadConfig(const config::FlagOverrides& extra) {
  config::FlagOverrides overrides = extra;
  overrides.db_path = flags.db_path;
  overrides.log_level = flags.log_level;
  overrides.log_format = flags.log_format;
  auto loaded = config::Load(flags.config_path, config::ProcessEnvironment(), overrides);
  if (!loaded) {
    return std::move(loaded).error().Annotate("loading config");
  }
  const config::Config& c = loaded->config;
  base::log::Level level = base::log::Level::kInfo;
  base::log::ParseLevel(c.log_level, &level);
  const bool json = c.log_format == "json" || (c.log_format.empty() && c.production());
  base::log::Init(level, json ? base::log::Format::kJson : base::log::Format::kText);
  for (const std::string& warning : loaded->warnings) {
    base::log::Warn(warning);
  }
  return std::move(loaded).value().config;
}

base::Result<std::unique_ptr<app::App>> Context::OpenApp(const config::FlagOverrides& extra,
                                                         app::AppOptions options) {
  WPP_ASSIGN_OR_RETURN(config::Config config, LoadConfig(extra));
  auto app = app::App::Create(std::move(config), options);
  if (!app) {
    return std::move(app).error().Annotate("initializing app");
  }
  return app;
}

void OnRun(CLI::App* sub, Context& ctx, Runner run) {
  sub->parse_complete_callback([&ctx, sub, run = std::move(run)] {
    // The innermost chosen command wins: groups only set theirs when no
    // subcommand of theirs was chosen.
    if (sub->get_subcommands().empty()) {
      ctx.runner = run;
    }
  });
}

base::Status NotYetImplemented(std::string_view command, std::string_view issue) {
  return base::Error(
      base::ErrorCode::kFailedPrecondition,
      std::string(command) + " is not implemented yet (planned in " + std::string(issue) + ")");
}

}  // namespace wpp::cmd
