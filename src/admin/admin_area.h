// The admin area (docs/behaviour.md §19): sign-in, sessions, the live logs,
// the wp.org check and the operator's controls, every route under /admin.
//
//   admin::AdminArea area(options, pool, clock, proxies, wporg_client, renderer, ops);
//   area.Register(router);
//
// The application supplies what the area may not do itself (Operations):
// promoting a build with deploy's validation, starting jobs.

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "admin/log_stream.h"
#include "admin/login_limiter.h"
#include "base/clock.h"
#include "base/result.h"
#include "db/pool.h"
#include "http/client_ip.h"
#include "http/server.h"
#include "web/renderer.h"
#include "wporg/client.h"

namespace wpp::admin {

struct AdminOptions {
  std::string site_name = "wppackages";
  // The session cookie is Secure unless this is a plain http:// URL.
  std::string app_url{};
  std::chrono::minutes session_lifetime{7200};
  // Where the server, pipeline and check-status logs are (LOG_DIR).
  std::string log_dir{};
  int max_log_streams = 8;
  LogStreamOptions log_stream{};
  LoginLimits limits{};
};

struct Operations {
  // Promotes build `id` (empty: the newest valid one), or with `rollback`
  // rolls back to it (empty: the valid build before the current one), with
  // the validation of `deploy`. Returns the build now current.
  std::function<base::Result<std::string>(bool rollback, const std::string& id)> deploy{};
  // The id of the build `current` names; empty when none.
  std::function<std::string()> current_build{};
  // Starts `job` ("pipeline", or "resync" with {type, slug}) in the
  // background. Errors: kUnavailable when a pipeline already runs.
  std::function<base::Status(const std::string& job, const std::vector<std::string>& args)>
      launch{};
};

class AdminArea {
 public:
  // Everything passed must outlive the area.
  AdminArea(AdminOptions options, db::ConnectionPool& pool, base::Clock& clock,
            const http::TrustedProxies& proxies, wporg::Client& wporg,
            const web::Renderer& renderer, Operations ops);
  ~AdminArea();
  AdminArea(const AdminArea&) = delete;
  AdminArea& operator=(const AdminArea&) = delete;

  void Register(http::Router& router);

  // Password verifications done by the login (one per attempt that gets
  // that far, known account or not): for tests of "the same work".
  int64_t password_checks() const;
  int open_log_streams() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Middleware refusing a cross-origin state-changing request
// (docs/behaviour.md §19.4): Sec-Fetch-Site other than same-origin/none, or
// without it an Origin whose host is not the request's Host.
http::Response SameOriginOnly(http::Request& request, const http::Handler& next);

}  // namespace wpp::admin
