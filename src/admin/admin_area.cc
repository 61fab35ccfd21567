#include "admin/admin_area.h"

#include <algorithm>
#include <utility>

#include "admin/audit_store.h"
#include "admin/pages.h"
#include "admin/wporg_check.h"
#include "auth/password.h"
#include "auth/session_store.h"
#include "auth/user_store.h"
#include "base/log.h"
#include "base/package_type.h"
#include "base/strings.h"
#include "base/text.h"
#include "http/cookie.h"
#include "http/rate_limiter.h"

namespace wpp::admin {
namespace {

constexpr std::string_view kSessionCookie = "session";
constexpr std::string_view kLoginCsrfCookie = "admin_login_csrf";

http::Response Redirect(const std::string& location) {
  http::Response r{.status = 303};
  r.Header("Location", location);
  return r;
}

// `path` with a notice or an error for the page to show (escaped there).
std::string WithMessage(const std::string& path, std::string_view key, std::string_view text) {
  return path + (path.find('?') == std::string::npos ? "?" : "&") + std::string(key) + "=" +
         base::FormEncode(text);
}

http::Response LoginError(std::string_view message) {
  return Redirect(WithMessage("/admin/login", "error", message));
}

// Every admin answer: not indexed, not cached, not framed (docs/behaviour.md §19.1).
http::Response Private(http::Request& request, const http::Handler& next) {
  http::Response r = next(request);
  r.Header("X-Robots-Tag", "noindex, nofollow");
  const bool has_cache_control = std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) {
    return base::ToLower(h.first) == "cache-control";
  });
  if (!has_cache_control) {  // The log stream says no-cache itself.
    r.Header("Cache-Control", "no-store");
  }
  return r;
}

// The host[:port] of an Origin ("https://example.org:8443" → "example.org:8443").
std::string_view OriginHost(std::string_view origin) {
  const size_t scheme = origin.find("://");
  if (scheme == std::string_view::npos) {
    return {};
  }
  std::string_view host = origin.substr(scheme + 3);
  return host.substr(0, host.find('/'));
}

// The signed-in user's cookie token, kept on the request for the CSRF token.
struct SessionToken {
  std::string token{};
};

std::string FormValue(const http::Request& r, const std::string& name) {
  const http::Values* form = r.context.Get<http::Values>();
  if (form == nullptr) {
    return {};
  }
  auto it = form->find(name);
  return it == form->end() ? std::string() : it->second;
}

}  // namespace

http::Response SameOriginOnly(http::Request& request, const http::Handler& next) {
  if (request.method == "GET" || request.method == "HEAD" || request.method == "OPTIONS") {
    return next(request);
  }
  const std::string site = request.Header("sec-fetch-site");
  bool allowed = false;
  if (!site.empty()) {
    allowed = site == "same-origin" || site == "none";
  } else {
    const std::string origin = request.Header("origin");
    allowed = origin.empty() ||
              (OriginHost(origin) == request.Header("host") && !OriginHost(origin).empty());
  }
  if (!allowed) {
    return http::Response::Text("cross-origin request refused\n", 403);
  }
  return next(request);
}

struct AdminArea::Impl {
  Impl(AdminOptions o, db::ConnectionPool& p, base::Clock& c, const http::TrustedProxies& t,
       wporg::Client& w, const web::Renderer& rd, Operations op)
      : options(std::move(o)),
        pool(p),
        clock(c),
        proxies(t),
        wporg(w),
        renderer(rd),
        ops(std::move(op)),
        limiter(c, options.limits) {
    // The hash an unknown email is checked against, so that it costs the
    // same argon2id work as a known one (docs/behaviour.md §19.3).
    auto hash = auth::HashPassword(auth::NewToken());
    dummy_hash = hash ? *hash : std::string();
  }

  bool Secure() const { return !options.app_url.starts_with("http://"); }
  http::CookieOptions Cookie(std::optional<int64_t> max_age, std::string path = "/",
                             std::string same_site = "Lax") const {
    return http::CookieOptions{
        .path = std::move(path),
        .max_age_seconds = max_age,
        .expires_unix = max_age == 0 ? std::optional<int64_t>(0) : std::optional<int64_t>(),
        .http_only = true,
        .secure = Secure(),
        .same_site = std::move(same_site)};
  }
  PageContext Page(const http::Request& r) const {
    const SessionToken* t = r.context.Get<SessionToken>();
    return PageContext{.site_name = options.site_name,
                       .email = r.context.session ? r.context.session->email : "",
                       .csrf = t != nullptr ? auth::CsrfTokenFor(t->token) : "",
                       .notice = r.Query("notice"),
                       .error = r.Query("error")};
  }
  void Audit(const http::Request& r, std::string action, std::string target,
             std::string outcome = "ok") {
    AuditEntry entry{.id = 0,
                     .user_id = r.context.session ? r.context.session->user_id : 0,
                     .actor = r.context.session ? r.context.session->email : "anonymous",
                     .action = std::move(action),
                     .target = std::move(target),
                     .outcome = std::move(outcome),
                     .client_ip = proxies.ClientIp(r),
                     .created_at = {}};
    auto db = pool.Acquire();
    AuditStore store(*db, clock);
    if (auto recorded = store.Record(entry); !recorded.ok()) {
      base::log::Error("admin audit not recorded",
                       {{"action", entry.action}, {"error", recorded.error().message()}});
    }
  }

  http::Response RequireAdmin(http::Request& r, const http::Handler& next);
  http::Response LoginForm(const http::Request& r);
  http::Response Login(http::Request& r);
  http::Response Logout(http::Request& r);
  http::Response Dashboard(http::Request& r);
  http::Response Stream(const http::Request& r);
  http::Response Deploy(http::Request& r, bool rollback);
  http::Response Launch(http::Request& r, const std::string& job);
  http::Response Revoke(http::Request& r);

  const AdminOptions options;
  db::ConnectionPool& pool;
  base::Clock& clock;
  const http::TrustedProxies& proxies;
  wporg::Client& wporg;
  const web::Renderer& renderer;
  const Operations ops;
  LoginLimiter limiter;
  std::string dummy_hash;
  std::atomic<int64_t> password_checks{0};
  std::atomic<int> streams{0};
};

http::Response AdminArea::Impl::RequireAdmin(http::Request& r, const http::Handler& next) {
  const std::string token = r.Cookie(kSessionCookie).value_or("");
  std::optional<auth::SessionUser> found;
  if (!token.empty()) {
    auto db = pool.Acquire();
    auth::SessionStore sessions(*db, clock);
    auto lookup = sessions.Find(token);
    if (!lookup) {
      base::log::Error("admin session lookup failed", {{"error", lookup.error().message()}});
      return http::Response::Text("500 internal server error\n", 500);
    }
    found = std::move(*lookup);
  }
  if (!found) {
    return Redirect("/admin/login");
  }
  if (!found->user.is_admin) {
    return http::Response::Text("403 forbidden\n", 403);
  }
  r.context.session = http::Session{.id = found->id,
                                    .user_id = found->user.id,
                                    .email = found->user.email,
                                    .name = found->user.name,
                                    .is_admin = true};
  r.context.Set(SessionToken{token});
  if (r.method != "GET" && r.method != "HEAD") {
    auto form = r.Form();
    if (!form) {
      return http::Response::Text("400 bad request\n", 400);
    }
    const std::string sent = form->count("csrf") > 0 ? form->find("csrf")->second : "";
    if (sent.empty() || !auth::SameSecret(sent, auth::CsrfTokenFor(token))) {
      return http::Response::Text("403 invalid or missing CSRF token\n", 403);
    }
    r.context.Set(std::move(*form));
  }
  return next(r);
}

http::Response AdminArea::Impl::LoginForm(const http::Request& r) {
  const std::string token = r.Cookie(kSessionCookie).value_or("");
  if (!token.empty()) {
    auto db = pool.Acquire();
    auth::SessionStore sessions(*db, clock);
    auto found = sessions.Find(token);
    if (found && *found && (*found)->user.is_admin) {
      return Redirect("/admin");
    }
  }
  // The login form's CSRF token: a random value in a cookie of its own,
  // which the form must repeat.
  std::string csrf = r.Cookie(kLoginCsrfCookie).value_or("");
  const bool reuse = csrf.size() == 43;
  if (!reuse) {
    csrf = auth::NewToken();
  }
  http::Response page = http::Response::Html(LoginPage(renderer, r.Query("error"), csrf));
  if (!reuse) {
    page.SetCookie(kLoginCsrfCookie, csrf, Cookie(3600, "/admin", "Strict"));
  }
  return page;
}

http::Response AdminArea::Impl::Login(http::Request& r) {
  auto form = r.Form();
  if (!form) {
    return LoginError("invalid request");
  }
  auto value = [&](const char* name) {
    auto it = form->find(name);
    return it == form->end() ? std::string() : it->second;
  };
  const std::string cookie = r.Cookie(kLoginCsrfCookie).value_or("");
  const std::string sent = value("csrf");
  if (cookie.empty() || !auth::SameSecret(sent, cookie)) {
    return http::Response::Text("403 invalid or missing CSRF token\n", 403);
  }
  const std::string ip = http::RateLimitKey(proxies.ClientIp(r));
  const std::string email = value("email");
  const std::string password = value("password");
  const std::string account = email.empty() ? "" : "account:" + email.substr(0, 254);
  if (limiter.Blocked(ip) || limiter.Blocked(account)) {
    return LoginError("too many attempts");
  }
  auto fail = [&](std::string_view why) {
    limiter.Failure(ip);
    limiter.Failure(account);
    base::log::Warn("admin login failed", {{"client_ip", ip}, {"reason", why}});
    return LoginError(why == "empty" ? "email and password required" : "invalid credentials");
  };
  if (email.empty() || password.empty()) {
    return fail("empty");
  }
  auto db = pool.Acquire();
  auth::UserStore users(*db, clock);
  auto user = users.FindByEmail(email);
  if (!user && user.error().code() != base::ErrorCode::kNotFound) {
    return LoginError("internal error");
  }
  // One argon2id verification whatever the account (docs/behaviour.md §19.3).
  const bool matches = auth::VerifyPassword(user ? user->password_hash : dummy_hash, password);
  password_checks.fetch_add(1);
  if (!user || !matches || !user->is_admin) {
    return fail(!user ? "unknown email" : !matches ? "wrong password" : "not an admin");
  }
  auth::SessionStore sessions(*db, clock);
  auto token = sessions.Open(user->id, options.session_lifetime, proxies.ClientIp(r),
                             r.Header("user-agent"), r.Cookie(kSessionCookie).value_or(""));
  if (!token) {
    base::log::Error("admin session not opened", {{"error", token.error().message()}});
    return LoginError("internal error");
  }
  limiter.Success(ip);
  limiter.Success(account);
  r.context.session = http::Session{
      .id = "", .user_id = user->id, .email = user->email, .name = user->name, .is_admin = true};
  http::Response ok = Redirect("/admin");
  ok.SetCookie(kSessionCookie, *token,
               Cookie(static_cast<int64_t>(options.session_lifetime.count()) * 60));
  ok.SetCookie(kLoginCsrfCookie, "", Cookie(0, "/admin", "Strict"));
  (void)AuditStore(*db, clock)
      .Record({.id = 0,
               .user_id = user->id,
               .actor = user->email,
               .action = "login",
               .target = "",
               .outcome = "ok",
               .client_ip = proxies.ClientIp(r),
               .created_at = {}});
  return ok;
}

http::Response AdminArea::Impl::Logout(http::Request& r) {
  const std::string token = r.Cookie(kSessionCookie).value_or("");
  if (!token.empty()) {
    auto db = pool.Acquire();
    auth::SessionStore sessions(*db, clock);
    auto found = sessions.Find(token);
    if (found && *found) {
      // A live session is only ended by a request that carries its CSRF token.
      auto form = r.Form();
      const std::string sent = form && form->count("csrf") > 0 ? form->find("csrf")->second : "";
      if (!auth::SameSecret(sent, auth::CsrfTokenFor(token))) {
        return http::Response::Text("403 invalid or missing CSRF token\n", 403);
      }
      (void)sessions.Close(token);
      (void)AuditStore(*db, clock)
          .Record({.id = 0,
                   .user_id = (*found)->user.id,
                   .actor = (*found)->user.email,
                   .action = "logout",
                   .target = "",
                   .outcome = "ok",
                   .client_ip = proxies.ClientIp(r),
                   .created_at = {}});
    }
  }
  http::Response out = Redirect("/admin/login");
  out.SetCookie(kSessionCookie, "", Cookie(0));
  return out;
}

http::Response AdminArea::Impl::Dashboard(http::Request& r) {
  const std::string slug = r.Query("slug");
  if (slug.empty()) {
    return http::Response::Html(LogsPage(renderer, Page(r), nullptr));
  }
  const WporgCheckResult check = CheckWporg(wporg, r.Query("type", "plugin"), slug);
  Audit(r, "wporg-check", r.Query("type", "plugin") + "/" + slug.substr(0, 200),
        check.code == 200 ? "ok" : check.error);
  return http::Response::Html(LogsPage(renderer, Page(r), &check));
}

http::Response AdminArea::Impl::Stream(const http::Request& r) {
  const std::string file = r.Query("file", "wppackages");
  if (file != "wppackages" && file != "pipeline" && file != "check-status") {
    return http::Response::Text("unknown log file\n", 400);
  }
  if (streams.fetch_add(1) >= options.max_log_streams) {
    streams.fetch_sub(1);
    http::Response busy = http::Response::Text("too many log streams open\n", 503);
    busy.Header("Retry-After", "10");
    return busy;
  }
  const std::string dir = options.log_dir.empty() ? "storage/logs" : options.log_dir;
  http::Response r2;
  r2.Header("Content-Type", "text/event-stream");
  r2.Header("Cache-Control", "no-cache");
  r2.Header("X-Accel-Buffering", "no");
  r2.stream = std::make_shared<LogStream>(dir + "/" + file + ".log", file, options.log_stream,
                                          [this] { streams.fetch_sub(1); });
  return r2;
}

http::Response AdminArea::Impl::Deploy(http::Request& r, bool rollback) {
  const std::string action = rollback ? "rollback" : "promote";
  const std::string build = FormValue(r, "build");
  if (FormValue(r, "confirm") != "yes") {
    return Redirect(WithMessage("/admin/builds", "error", "please confirm the " + action));
  }
  if (!ops.deploy) {
    return http::Response::Text("503 deploy not available\n", 503);
  }
  auto done = ops.deploy(rollback, build);
  if (!done) {
    Audit(r, action, build, done.error().message());
    return Redirect(
        WithMessage("/admin/builds", "error", action + " refused: " + done.error().message()));
  }
  Audit(r, action, *done);
  return Redirect(WithMessage("/admin/builds", "notice", "build " + *done + " is now current"));
}

http::Response AdminArea::Impl::Launch(http::Request& r, const std::string& job) {
  if (FormValue(r, "confirm") != "yes") {
    return Redirect(WithMessage("/admin", "error", "please confirm the " + job));
  }
  std::vector<std::string> args;
  std::string target;
  if (job == "resync") {
    const std::string type = FormValue(r, "type");
    const std::string slug(base::Trim(FormValue(r, "slug")));
    bool valid = base::ParseType(type).has_value() && !slug.empty() && slug.size() <= 200;
    for (const char c : slug) {
      valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }
    if (!valid) {
      return Redirect(WithMessage("/admin", "error", "not a package: " + type + "/" + slug));
    }
    args = {type, slug};
    target = type + "/" + slug;
  }
  if (!ops.launch) {
    return http::Response::Text("503 jobs not available\n", 503);
  }
  const base::Status started = ops.launch(job, args);
  Audit(r, job, target, started.ok() ? "ok" : started.error().message());
  if (!started.ok()) {
    return Redirect(WithMessage("/admin", "error", job + " refused: " + started.error().message()));
  }
  return Redirect(WithMessage(
      "/admin", "notice",
      job == "pipeline" ? "pipeline started (see pipeline.log)" : target + " is being re-synced"));
}

http::Response AdminArea::Impl::Revoke(http::Request& r) {
  const std::string id = FormValue(r, "session");
  if (FormValue(r, "confirm") != "yes") {
    return Redirect(WithMessage("/admin/sessions", "error", "please confirm"));
  }
  auto db = pool.Acquire();
  auth::SessionStore sessions(*db, clock);
  auto revoked = sessions.Revoke(id);
  Audit(r, "revoke-session", id.substr(0, 12),
        revoked ? (*revoked ? "ok" : "no such session") : revoked.error().message());
  if (!revoked || !*revoked) {
    return Redirect(WithMessage("/admin/sessions", "error", "no such session"));
  }
  if (r.context.session && r.context.session->id == id) {
    return Redirect("/admin/login");
  }
  return Redirect(WithMessage("/admin/sessions", "notice", "session ended"));
}

AdminArea::AdminArea(AdminOptions options, db::ConnectionPool& pool, base::Clock& clock,
                     const http::TrustedProxies& proxies, wporg::Client& wporg,
                     const web::Renderer& renderer, Operations ops)
    : impl_(std::make_unique<Impl>(std::move(options), pool, clock, proxies, wporg, renderer,
                                   std::move(ops))) {}

AdminArea::~AdminArea() = default;

int64_t AdminArea::password_checks() const {
  return impl_->password_checks.load();
}

int AdminArea::open_log_streams() const {
  return impl_->streams.load();
}

void AdminArea::Register(http::Router& router) {
  Impl* s = impl_.get();
  const http::RouteOptions blocking{.max_body = 64 * 1024, .blocking = true};
  auto open = [&](const char* method, const char* path, http::Handler h) {
    router.Add(method, path, blocking, http::Chain({Private, SameOriginOnly}, std::move(h)));
  };
  auto guarded = [&](const char* method, const char* path, http::Handler h) {
    router.Add(method, path, blocking,
               http::Chain({Private, SameOriginOnly,
                            [s](http::Request& r, const http::Handler& next) {
                              return s->RequireAdmin(r, next);
                            }},
                           std::move(h)));
  };
  open("GET", "/admin/login", [s](http::Request& r) { return s->LoginForm(r); });
  open("POST", "/admin/login", [s](http::Request& r) { return s->Login(r); });
  open("POST", "/admin/logout", [s](http::Request& r) { return s->Logout(r); });
  guarded("GET", "/admin", [s](http::Request& r) { return s->Dashboard(r); });
  guarded("GET", "/admin/logs", [s](http::Request& r) { return s->Dashboard(r); });
  guarded("GET", "/admin/logs/stream", [s](http::Request& r) { return s->Stream(r); });
  guarded("GET", "/admin/wporg-check", [s](http::Request& r) {
    const WporgCheckResult check = CheckWporg(s->wporg, r.Query("type"), r.Query("slug"));
    s->Audit(r, "wporg-check", r.Query("type") + "/" + r.Query("slug").substr(0, 200),
             check.code == 200 ? "ok" : check.error);
    return http::Response::Json(check.ToJson(), check.code);
  });
  guarded("GET", "/admin/admin.js", [](http::Request&) {
    http::Response js{.status = 200, .body = std::string(AdminScript())};
    js.Header("Content-Type", "text/javascript; charset=utf-8");
    return js;
  });
  guarded("GET", "/admin/builds", [s](http::Request& r) {
    auto db = s->pool.Acquire();
    auto builds = AuditStore(*db, s->clock).Builds(50);
    if (!builds) {
      return http::Response::Text("500 internal server error\n", 500);
    }
    const std::string current = s->ops.current_build ? s->ops.current_build() : "";
    return http::Response::Html(BuildsPage(s->renderer, s->Page(r), *builds, current));
  });
  guarded("POST", "/admin/builds/promote", [s](http::Request& r) { return s->Deploy(r, false); });
  guarded("POST", "/admin/builds/rollback", [s](http::Request& r) { return s->Deploy(r, true); });
  guarded("GET", "/admin/runs", [s](http::Request& r) {
    auto db = s->pool.Acquire();
    AuditStore store(*db, s->clock);
    auto builds = store.Builds(30);
    auto runs = store.Runs(100);
    if (!builds || !runs) {
      return http::Response::Text("500 internal server error\n", 500);
    }
    return http::Response::Html(RunsPage(s->renderer, s->Page(r), *builds, *runs));
  });
  guarded("POST", "/admin/pipeline/run",
          [s](http::Request& r) { return s->Launch(r, "pipeline"); });
  guarded("POST", "/admin/packages/resync",
          [s](http::Request& r) { return s->Launch(r, "resync"); });
  guarded("GET", "/admin/sessions", [s](http::Request& r) {
    auto db = s->pool.Acquire();
    auto sessions = auth::SessionStore(*db, s->clock).List();
    if (!sessions) {
      return http::Response::Text("500 internal server error\n", 500);
    }
    return http::Response::Html(SessionsPage(s->renderer, s->Page(r), *sessions,
                                             r.context.session ? r.context.session->id : ""));
  });
  guarded("POST", "/admin/sessions/revoke", [s](http::Request& r) { return s->Revoke(r); });
  guarded("GET", "/admin/audit", [s](http::Request& r) {
    auto db = s->pool.Acquire();
    auto entries = AuditStore(*db, s->clock).Recent(200);
    if (!entries) {
      return http::Response::Text("500 internal server error\n", 500);
    }
    return http::Response::Html(AuditPage(s->renderer, s->Page(r), *entries));
  });
  // Anything else under /admin: only a signed-in admin learns it does not exist.
  for (const char* method : {"GET", "POST"}) {
    guarded(method, "/admin/*", [](http::Request&) { return http::Response::NotFound(); });
  }
}

}  // namespace wpp::admin
