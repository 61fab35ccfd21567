#include "command.h"

#include <unistd.h>

#include <filesystem>

#include <sys/stat.h>

#include "base/log.h"

namespace wpp::cmd {
namespace {

// True when stderr already is `path` (a job the scheduler started with its
// output sent there): the file sink would write every line twice.
bool StderrIs(const std::string& path) {
  struct stat err {};
  struct stat file {};
  return fstat(STDERR_FILENO, &err) == 0 && stat(path.c_str(), &file) == 0 &&
         err.st_dev == file.st_dev && err.st_ino == file.st_ino;
}

// LOG_DIR: this command's records also go to <log_dir>/<command>.log
// (docs/behaviour.md §16.3).
void OpenLogFile(const std::string& log_dir, const std::string& name) {
  const std::string path = log_dir + "/" + name + ".log";
  if (StderrIs(path)) {
    return;
  }
  std::error_code ec;
  std::filesystem::create_directories(log_dir, ec);
  std::string error;
  if (!base::log::AlsoWriteTo(path, &error)) {
    base::log::Warn("cannot open log file", {{"path", path}, {"error", error}});
  }
}

}  // namespace

std::vector<std::string> Context::GlobalArgs() const {
  std::vector<std::string> args;
  const std::pair<const char*, const std::string*> given[] = {
      {"--config", &flags.config_path},
      {"--db", &flags.db_path},
      {"--log-level", &flags.log_level},
      {"--log-format", &flags.log_format},
  };
  for (const auto& [flag, value] : given) {
    if (!value->empty()) {
      args.emplace_back(flag);
      args.push_back(*value);
    }
  }
  return args;
}

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
  if (!c.log_dir.empty()) {
    OpenLogFile(c.log_dir, log_name);
  }
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
      const CLI::App* parent = sub->get_parent();
      ctx.log_name = sub->get_name() == "serve" ? "wppackages"
                     : parent != nullptr && parent->get_parent() != nullptr
                         ? parent->get_name() + "-" + sub->get_name()
                         : sub->get_name();
    }
  });
}

}  // namespace wpp::cmd
