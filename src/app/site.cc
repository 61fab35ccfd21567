#include "app/site.h"

#include <signal.h>

#include "admin/admin_area.h"
#include "advisories/advisories_api.h"
#include "api/closures_api.h"
#include "api/stats_api.h"
#include "app/admin_ops.h"
#include "app/og_job.h"
#include "base/log.h"
#include "base/package_type.h"
#include "composerapi/composer_api.h"
#include "db/pool.h"
#include "http/client_ip.h"
#include "http/file_cache.h"
#include "http/metrics.h"
#include "http/rate_limiter.h"
#include "http/server.h"
#include "og/card.h"
#include "og/generate.h"
#include "repository/build_dir.h"
#include "scheduler/scheduler.h"
#include "scheduler/status_metrics.h"
#include "seo/seo_routes.h"
#include "web/pages.h"
#include "web/renderer.h"
#include "web/site_pages.h"
#include "wporg/client.h"

namespace wpp::app {

struct Site::Impl {
  Impl(App& a, std::string address, int thread_count, std::unique_ptr<db::ConnectionPool> p,
       http::TrustedProxies trusted, http::TrustedProxies metrics_readers)
      : app(a),
        addr(std::move(address)),
        threads(thread_count),
        pool(std::move(p)),
        proxies(std::move(trusted)),
        metrics_allow(std::move(metrics_readers)) {}

  http::Response Metrics(const http::Request& request);

  App& app;
  std::string addr;
  int threads = 2;
  // Worker threads; the pool has a connection for each, plus the writer's.
  int workers = 0;
  std::unique_ptr<db::ConnectionPool> pool;
  http::TrustedProxies proxies;
  http::TrustedProxies metrics_allow;  // METRICS_ALLOW: who may read /metrics.
  http::RequestMetrics metrics{};
  std::unique_ptr<composerapi::ComposerApi> composer{};
  http::FileCache og_files{32 << 20};  // Social preview images under og.dir.
  std::unique_ptr<http::RateLimiter> api_limiter{};
  std::unique_ptr<wporg::Client> wporg{};     // The admin area's wp.org check.
  std::unique_ptr<AdminOps> admin_ops{};      // What the admin area may start.
  std::unique_ptr<admin::AdminArea> admin{};  // /admin (docs/behaviour.md §19).
  std::unique_ptr<web::Renderer> renderer{};  // The website's templates and layout.
  http::Router router{};
  std::unique_ptr<http::Server> server{};
  int listen_fd = -1;
};

Site::Site(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Site::~Site() {
  Stop();
}

base::Result<std::unique_ptr<Site>> Site::Create(App& app, const ServeOptions& options) {
  const config::Config& config = app.config();
  const int threads = options.threads > 0 ? options.threads : http::DefaultThreads();
  // One connection per worker thread (the database-backed routes run there),
  // plus the install writer's own.
  const int workers = http::DefaultWorkers();
  WPP_ASSIGN_OR_RETURN(auto pool, db::ConnectionPool::Open(config.db_path, workers + 1));
  WPP_ASSIGN_OR_RETURN(auto proxies, http::TrustedProxies::Parse(config.trusted_proxies));
  auto metrics_allow = http::TrustedProxies::Parse(config.metrics_allow);
  if (!metrics_allow) {
    return std::move(metrics_allow).error().Annotate("METRICS_ALLOW");
  }
  auto impl =
      std::make_unique<Impl>(app, options.addr.empty() ? config.listen_addr : options.addr, threads,
                             std::move(pool), std::move(proxies), std::move(*metrics_allow));
  impl->workers = workers;
  impl->router.Use(impl->metrics.Measure());
  WPP_ASSIGN_OR_RETURN(impl->renderer, web::Renderer::Create({.site_name = config.site_name,
                                                              .app_url = config.app_url,
                                                              .footer_text = {}}));
  web::RegisterSite(impl->router, *impl->renderer);
  impl->composer = std::make_unique<composerapi::ComposerApi>(
      composerapi::ComposerApiOptions{
          .repository_dir = config.repository_dir,
          .app_url = config.app_url,
          .telemetry_secret = config.telemetry_secret,
          .dedupe_window_seconds = config.telemetry_dedupe_window_seconds,
          .max_build_age_seconds = config.health_max_build_age},
      *impl->pool, app.clock(), impl->proxies);
  impl->composer->Register(impl->router);
  api::RegisterClosureRoutes(impl->router, *impl->pool, {.app_url = config.app_url});
  // Feeds, sitemaps, robots.txt, OpenSearch (docs/behaviour.md §18); before
  // the closure pages, so /closures/feed is never read as a vendor.
  seo::RegisterSeoRoutes(impl->router, *impl->pool, app.clock(),
                         {.app_url = config.app_url, .site_name = config.site_name});
  // GET /og/<key>: the social preview images of og.dir (docs/behaviour.md §15.3).
  impl->router.Get("/og/*", [s = impl.get()](const http::Request& r) {
    const auto key = og::KeyFromPath(r.params.at("*"));
    if (!key) {
      return http::Response::NotFound();
    }
    return s->og_files.Serve(r, s->app.config().og_dir + "/" + *key, "image/png",
                             og::kImageCacheControl, /*compressible=*/false);
  });
  // The public JSON API: one rate limit for every /api/ route.
  const api::ApiLimits limits;
  impl->api_limiter = std::make_unique<http::RateLimiter>(app.clock(), limits.per_minute,
                                                          limits.burst, limits.max_clients);
  impl->router.Use(api::ApiRateLimit(*impl->api_limiter, impl->proxies));
  api::RegisterStatsRoutes(impl->router, *impl->pool);
  advisories::RegisterAdvisoryRoutes(impl->router, *impl->pool);  // docs/behaviour.md §20.5
  // The admin area (docs/behaviour.md §19).
  impl->wporg =
      std::make_unique<wporg::Client>(app.http(), app.clock(), wporg::OptionsFromConfig(config));
  impl->admin_ops = std::make_unique<AdminOps>(app, options.job_command);
  impl->admin = std::make_unique<admin::AdminArea>(
      admin::AdminOptions{.site_name = config.site_name,
                          .app_url = config.app_url,
                          .session_lifetime = std::chrono::minutes(config.session_lifetime_minutes),
                          .log_dir = config.log_dir},
      *impl->pool, app.clock(), impl->proxies, *impl->wporg, *impl->renderer,
      impl->admin_ops->Operations());
  impl->admin->Register(impl->router);
  // The website (docs/behaviour.md §17).
  web::RegisterPages(
      impl->router, *impl->pool, *impl->renderer,
      {.app_url = impl->renderer->site().app_url,
       .og_image_url = [&config](std::string_view type, std::string_view slug, bool has_card) {
         const auto parsed = base::ParseType(type);
         return OgImageUrl(config, parsed.value_or(base::PackageType::kPlugin), slug,
                           has_card && parsed.has_value());
       }});
  // Status, closures, untagged and content pages (docs/behaviour.md §18).
  web::RegisterSitePages(impl->router, *impl->pool, *impl->renderer, app.clock(),
                         {.app_url = impl->renderer->site().app_url,
                          .current_build =
                              [dir = config.repository_dir] {
                                auto current = repository::CurrentBuild(dir);
                                return current && *current ? (*current)->id : std::string();
                              },
                          .og_image_url =
                              [&config](std::string_view) {
                                return OgImageUrl(config, base::PackageType::kPlugin, "",
                                                  /*has_card=*/false);
                              }});
  Impl* raw = impl.get();
  impl->router.Add("GET", "/metrics", {.blocking = true},
                   [raw](const http::Request& r) { return raw->Metrics(r); });
  return std::unique_ptr<Site>(new Site(std::move(impl)));
}

// GET /metrics: Prometheus text, only for METRICS_ALLOW addresses (docs/behaviour.md §16.4).
http::Response Site::Impl::Metrics(const http::Request& request) {
  if (!metrics_allow.Contains(proxies.ClientIp(request))) {
    return http::Response::Text("403 forbidden\n", 403);
  }
  std::string out;
  metrics.Render(&out);
  http::AppendMetricHeader(&out, "wpp_install_batches_total",
                           "POST /downloads batches queued (accepted) or refused (dropped).",
                           "counter");
  http::AppendSample(&out, "wpp_install_batches_total", {{"result", "accepted"}},
                     static_cast<double>(composer->accepted_batches()));
  http::AppendSample(&out, "wpp_install_batches_total", {{"result", "dropped"}},
                     static_cast<double>(composer->dropped_batches()));
  http::AppendSample(&out, "wpp_install_batches_total", {{"result", "lost"}},
                     static_cast<double>(composer->lost_batches()));
  {
    auto db = pool->Acquire();
    scheduler::AppendStatusMetrics(*db, app.config().repository_dir, app.clock(), &out);
  }
  http::Response r = http::Response::Text(std::move(out));
  r.headers.clear();
  r.Header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  r.Header("Cache-Control", "no-store");
  return r;
}

base::Status Site::Start() {
  Impl& s = *impl_;
  s.listen_fd = http::SystemdListenFd();
  WPP_ASSIGN_OR_RETURN(
      s.server, http::Server::Start({.addr = s.addr,
                                     .listen_fd = s.listen_fd,
                                     .threads = s.threads,
                                     .route_options =
                                         [&s](std::string_view method, std::string_view path) {
                                           return s.router.OptionsFor(method, path);
                                         },
                                     .workers = s.workers},
                                    [&s](http::Request& r) { return s.router.Dispatch(r); }));
  base::log::Info(s.listen_fd >= 0 ? "using systemd socket activation" : "listening",
                  {{"addr", s.addr}, {"port", s.server->port()}, {"threads", s.threads}});
  return base::Status::Ok();
}

int Site::port() const {
  return impl_->server ? impl_->server->port() : 0;
}

void Site::Stop() {
  if (impl_->server) {
    impl_->server->Stop();
    impl_->server.reset();
  }
  if (impl_->admin_ops) {
    impl_->admin_ops->Stop();
  }
  if (impl_->composer) {
    impl_->composer->Flush();
  }
}

namespace {

// The default social preview image is drawn at start when it is missing or
// the look changed, so pages never link a missing file (docs/behaviour.md §15.2).
// A failure is logged; the site serves without it.
void WriteDefaultOgImage(App& app) {
  if (OgUsesBucket(app.config()) || !app.has_db()) {
    return;
  }
  og::LocalImageDir sink(app.config().og_dir);
  auto written =
      og::WriteDefaultImage(app.db(), app.clock(), sink, OgLook(app.config()), /*force=*/false);
  if (!written.ok()) {
    base::log::Warn("default og image not written", {{"error", written.error().message()}});
  }
}

}  // namespace

base::Status Serve(App& app, const ServeOptions& options) {
  // Block the stop signals in every thread before any starts, then wait
  // for one of them here.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  WPP_ASSIGN_OR_RETURN(auto site, Site::Create(app, options));
  WriteDefaultOgImage(app);
  WPP_RETURN_IF_ERROR(site->Start());
  std::unique_ptr<scheduler::Scheduler> jobs;
  if (options.with_scheduler) {
    auto started = scheduler::Scheduler::Start(
        scheduler::OptionsFrom(app.config(), options.job_command), app.clock(), app.http());
    if (!started) {
      site->Stop();
      return std::move(started).error().Annotate("starting the scheduler");
    }
    jobs = std::move(started).value();
  }
  int signal_number = 0;
  sigwait(&stop, &signal_number);
  base::log::Info("shutting down", {{"signal", signal_number}});
  if (jobs) {
    jobs->Stop();  // Running jobs get SIGTERM and the grace period (docs/behaviour.md §16.2).
  }
  site->Stop();
  return base::Status::Ok();
}

}  // namespace wpp::app
