// `serve`: the HTTP server. Listens on --addr (or the systemd socket), serves
// until SIGINT/SIGTERM, then drains in-flight requests (up to 10 s).

#include <signal.h>

#include <thread>

#include "base/log.h"
#include "command.h"
#include "composerapi/composer_api.h"
#include "db/pool.h"
#include "http/client_ip.h"
#include "http/server.h"

namespace wpp::cmd {
namespace {

struct ServeFlags {
  std::string addr{};
  bool with_scheduler = false;
  int threads = 0;
};

// Blocks the stop signals in every thread (call before starting any), then
// waits for one of them.
sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

base::Status Serve(Context& ctx, const ServeFlags& flags) {
  if (flags.with_scheduler) {
    return NotYetImplemented("serve --with-scheduler", "a later issue");
  }
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp({.listen_addr = flags.addr}));
  const config::Config& config = app->config();
  const int threads = flags.threads > 0
                          ? flags.threads
                          : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  WPP_ASSIGN_OR_RETURN(auto pool, db::ConnectionPool::Open(config.db_path, threads + 1));
  WPP_ASSIGN_OR_RETURN(auto proxies, http::TrustedProxies::Parse(config.trusted_proxies));

  const sigset_t stop = StopSignals();
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  composerapi::ComposerApi composer(
      {.repository_dir = config.repository_dir,
       .app_url = config.app_url,
       .telemetry_secret = config.telemetry_secret,
       .dedupe_window_seconds = config.telemetry_dedupe_window_seconds},
      *pool, app->clock(), proxies);
  http::Router router;
  composer.Register(router);

  const int inherited = http::SystemdListenFd();
  auto server =
      http::Server::Start({.addr = config.listen_addr, .listen_fd = inherited, .threads = threads},
                          [&router](http::Request& r) { return router.Dispatch(r); });
  if (!server) {
    return std::move(server).error();
  }
  base::log::Info(
      inherited >= 0 ? "using systemd socket activation" : "listening",
      {{"addr", config.listen_addr}, {"port", (*server)->port()}, {"threads", threads}});
  int signal_number = 0;
  sigwait(&stop, &signal_number);
  base::log::Info("shutting down", {{"signal", signal_number}});
  (*server)->Stop();
  composer.Flush();
  return base::Status::Ok();
}

}  // namespace

void RegisterServe(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("serve", "Run the HTTP server");
  auto flags = std::make_shared<ServeFlags>();
  sub->add_option("--addr", flags->addr, "Listen address, HOST:PORT (default from config, :8080)");
  sub->add_option("--threads", flags->threads, "Server threads (default: one per core)");
  sub->add_flag("--with-scheduler", flags->with_scheduler, "Also run the scheduled tasks");
  OnRun(sub, ctx, [&ctx, flags] { return Serve(ctx, *flags); });
}

}  // namespace wpp::cmd
