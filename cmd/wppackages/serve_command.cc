// `serve`: the HTTP server (app::Serve). Listens on --addr (or the systemd
// socket), serves until SIGINT/SIGTERM, then drains in-flight requests.

#include <memory>

#include "app/site.h"
#include "command.h"

namespace wpp::cmd {
namespace {

struct ServeFlags {
  std::string addr{};
  bool with_scheduler = false;
  int threads = 0;
};

}  // namespace

void RegisterServe(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("serve", "Run the HTTP server");
  auto flags = std::make_shared<ServeFlags>();
  sub->add_option("--addr", flags->addr, "Listen address, HOST:PORT (default from config, :8080)");
  sub->add_option("--threads", flags->threads,
                  "Connection threads (default: allowed cores minus one; 2 on one core)");
  sub->add_flag("--with-scheduler", flags->with_scheduler, "Also run the scheduled tasks");
  OnRun(sub, ctx, [&ctx, flags]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp({.listen_addr = flags->addr}));
    // Jobs run as children of this very binary with the same global flags.
    std::vector<std::string> job_command = {"/proc/self/exe"};
    for (std::string& arg : ctx.GlobalArgs()) {
      job_command.push_back(std::move(arg));
    }
    return app::Serve(*app, {.addr = app->config().listen_addr,
                             .threads = flags->threads,
                             .with_scheduler = flags->with_scheduler,
                             .job_command = std::move(job_command)});
  });
}

}  // namespace wpp::cmd
