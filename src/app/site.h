// The site: every route `serve` answers (the Composer endpoints today; the
// pages, the admin area and the JSON API as they land), the request
// middleware, and the server's lifetime. `wppackages serve` and the tests of
// the whole server build it here, so the routes are wired once.

#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "base/result.h"

namespace wpp::app {

struct ServeOptions {
  std::string addr{};  // HOST:PORT; empty: config.listen_addr.
  int threads = 0;     // <= 0: http::DefaultThreads().
  // serve --with-scheduler: run the scheduled jobs as children started with
  // `job_command` (this binary and its global flags; docs/behaviour.md §16).
  bool with_scheduler = false;
  std::vector<std::string> job_command{};
};

class Site {
 public:
  // Opens the connection pool and the handlers. Errors: an invalid
  // TRUSTED_PROXIES, or a database that cannot be opened.
  static base::Result<std::unique_ptr<Site>> Create(App& app, const ServeOptions& options);
  ~Site();
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  // Binds (or takes the systemd socket) and serves. Errors: kUnavailable
  // when the address cannot be bound.
  base::Status Start();
  int port() const;
  // Stops accepting, lets in-flight requests finish, then writes what the
  // handlers still hold (queued install events). Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit Site(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// `serve`: starts the site and serves until SIGINT/SIGTERM, then stops it.
base::Status Serve(App& app, const ServeOptions& options);

}  // namespace wpp::app
