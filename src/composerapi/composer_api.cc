#include "composerapi/composer_api.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "base/log.h"
#include "base/strings.h"
#include "composerapi/catalog_store.h"
#include "http/errors.h"
#include "telemetry/install_store.h"

namespace wpp::composerapi {
namespace {

constexpr char kComposerCache[] = "public, max-age=300";
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
// Tries of one group commit when the database stays busy.
constexpr int kWriteAttempts = 3;

std::string Dump(const nlohmann::json& doc) {
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Package file names: slug characters plus an optional "~dev", then ".json".
// Rejects anything that could leave the p2/<vendor>/ folder.
bool IsSafeP2File(const std::string& file) {
  if (!base::EndsWith(file, ".json") || file.size() <= 5 || file[0] == '.') {
    return false;
  }
  for (char c : file) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '~';
    if (!ok) {
      return false;
    }
  }
  return file.find("..") == std::string::npos;
}

Response InternalError() {
  return Response::Json(R"({"error":"internal error"})", 500);
}

}  // namespace

ComposerApi::ComposerApi(ComposerApiOptions options, db::ConnectionPool& pool, base::Clock& clock,
                         const http::TrustedProxies& proxies)
    : options_(std::move(options)),
      pool_(pool),
      clock_(clock),
      proxies_(proxies),
      current_(options_.repository_dir, clock),
      download_limiter_(clock, options_.downloads_per_minute, options_.downloads_per_minute) {
  writer_ = std::thread([this] { WriterLoop(); });
}

ComposerApi::~ComposerApi() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

void ComposerApi::Register(http::Router& router) {
  router.Get("/packages.json", [this](const Request& r) { return PackagesJson(r); });
  router.Get("/p2/:vendor/:file", [this](const Request& r) { return P2(r); });
  router.Get("/p2/*", [](const Request&) { return Response::NotFound(); });
  // Database work runs on the server's worker threads (RouteOptions::blocking),
  // so a slow query never delays packages.json or a p2 file.
  const http::RouteOptions db_work{.blocking = true};
  router.Add("GET", "/metadata/changes.json", db_work,
             [this](const Request& r) { return Changes(r); });
  router.Add("GET", "/search.json", db_work, [this](const Request& r) { return Search(r); });
  router.Add("GET", "/packages/list.json", db_work, [this](const Request& r) { return List(r); });
  router.Add("GET", "/health", db_work, [this](const Request& r) { return Health(r); });
  router.Add("POST", "/downloads", {.max_body = telemetry::kMaxBodyBytes},
             [this](const Request& r) { return Downloads(r); });
}

Response ComposerApi::PackagesJson(const Request& request) {
  return files_.Serve(request, options_.repository_dir + "/current/packages.json",
                      "application/json", kComposerCache);
}

Response ComposerApi::P2(const Request& request) {
  const std::string& vendor = request.params.at("vendor");
  const std::string& file = request.params.at("file");
  if ((vendor != "wp-plugin" && vendor != "wp-theme") || !IsSafeP2File(file)) {
    return Response::NotFound();
  }
  const auto build = current_.Get();
  const auto blob = build ? build->Find("p2/" + vendor + "/" + file) : std::nullopt;
  if (!blob) {
    return Response::NotFound();
  }
  return files_.Serve(request, build->PathStringOf(*blob), "application/json", kComposerCache);
}

Response ComposerApi::Changes(const Request& request) {
  const int64_t now_ms = base::UnixMillis(clock_.Now());
  nlohmann::json doc;
  const auto since = base::ParseInt(request.Query("since"));
  Response r;
  if (!since || *since < 0) {
    doc = {{"timestamp", now_ms},
           {"error",
            "Missing or invalid \"since\" query parameter. Use the timestamp from a previous "
            "response."}};
  } else if (*since < now_ms - kDayMs) {
    doc = {{"timestamp", now_ms},
           {"actions", {{{"type", "resync"}, {"package", "*"}, {"time", now_ms / 1000}}}}};
  } else {
    auto db = pool_.Acquire();
    CatalogStore catalog(*db);
    std::optional<int64_t> checkpoint;
    auto changes = catalog.ChangesSince(*since, &checkpoint);
    if (!changes) {
      base::log::Error("metadata changes", {{"error", changes.error().message()}});
      return InternalError();
    }
    doc = {{"timestamp", checkpoint.value_or(now_ms)}};
    for (const Change& c : *changes) {
      doc["actions"].push_back(
          {{"type", c.action}, {"package", c.package}, {"time", c.timestamp_ms / 1000}});
    }
  }
  r = Response::Json(Dump(doc));
  r.Header("Cache-Control", "public, max-age=60");
  return r;
}

Response ComposerApi::Search(const Request& request) {
  std::string type = request.Query("type");
  type = type == "wordpress-plugin" ? "plugin" : type == "wordpress-theme" ? "theme" : "";
  auto db = pool_.Acquire();
  const db::Database::Deadline deadline(*db, kQueryBudget);
  CatalogStore catalog(*db);
  auto hits = catalog.Search(request.Query("q"), type, 50);
  if (!hits) {
    base::log::Warn("search", {{"error", hits.error().message()}});
    return http::ErrorResponse(request, hits.error());
  }
  nlohmann::json results = nlohmann::json::array();
  for (const SearchHit& h : *hits) {
    const std::string name = "wp-" + h.type + "/" + h.name;
    results.push_back({{"name", name},
                       {"description", h.description},
                       {"url", options_.app_url + "/packages/" + h.type + "/" + h.name},
                       {"repository", "https://wordpress.org/" + h.type + "s/" + h.name + "/"},
                       {"downloads", h.active_installs},
                       {"favers", 0}});
  }
  Response r = Response::Json(Dump({{"results", results}, {"total", results.size()}}));
  r.Header("Cache-Control", kComposerCache);
  return r;
}

Response ComposerApi::List(const Request& request) {
  auto db = pool_.Acquire();
  CatalogStore catalog(*db);
  auto names = catalog.ActiveNames(request.Query("filter"));
  if (!names) {
    return InternalError();
  }
  Response r = Response::Json(Dump({{"packageNames", *names}}));
  r.Header("Cache-Control", kComposerCache);
  return r;
}

Response ComposerApi::Health(const Request& /*request*/) {
  auto db = pool_.Acquire();
  CatalogStore catalog(*db);
  auto totals = catalog.CountActive();
  if (!totals) {
    return Response::Json(R"({"status":"error","error":"database unavailable"})", 503);
  }
  std::error_code ec;
  const auto target = std::filesystem::read_symlink(options_.repository_dir + "/current", ec);
  nlohmann::json build = nullptr;
  bool stale = false;
  if (!ec) {
    const std::string id = target.filename().string();
    build = {{"id", id}};
    // A build older than the limit means the mirror stalled (docs/behaviour.md §16.5).
    if (const auto started = base::ParseBuildId(id)) {
      const int64_t age =
          std::chrono::duration_cast<std::chrono::seconds>(clock_.Now() - *started).count();
      build["age_seconds"] = age;
      stale = options_.max_build_age_seconds > 0 && age > options_.max_build_age_seconds;
    }
  }
  return Response::Json(Dump({{"status", stale ? "stale" : "ok"},
                              {"packages",
                               {{"plugins", totals->active_plugins},
                                {"themes", totals->active_themes},
                                {"total", totals->active_plugins + totals->active_themes}}},
                              {"build", build}}),
                        stale ? 503 : 200);
}

Response ComposerApi::Downloads(const Request& request) {
  const std::string ip = proxies_.ClientIp(request);
  if (request.body.empty() || request.body.size() > telemetry::kMaxBodyBytes ||
      !download_limiter_.Allow(ip)) {
    return Response::Json(R"({"status":"ok"})");
  }
  // A full queue refuses before the body is parsed: under overload the
  // refusals must not take the CPU the writer needs (docs/behaviour.md §10.1).
  bool full = false;
  {
    std::lock_guard lock(mu_);
    full = queue_.size() >= options_.max_queued_batches;
  }
  if (!full) {
    // Parsed here, on the request's thread, so the one writer only checks
    // and stores; a malformed body, which the writer would drop, takes no
    // place in the queue and gets the same answer (docs/behaviour.md §10.1).
    auto downloads = telemetry::ParseNotifyBatch(request.body);
    if (!downloads) {
      return Response::Json(R"({"status":"ok"})");
    }
    telemetry::Batch batch{std::move(downloads).value(), ip, request.Header("user-agent")};
    std::lock_guard lock(mu_);
    if (queue_.size() < options_.max_queued_batches) {
      queue_.push_back(std::move(batch));
      accepted_.fetch_add(1, std::memory_order_relaxed);
      wake_.notify_one();
      return Response::Json(R"({"status":"ok"})");
    }
  }
  // Overloaded: say so rather than accept what will not be written.
  const uint64_t dropped = dropped_.fetch_add(1, std::memory_order_relaxed) + 1;
  const int64_t now = base::UnixSeconds(clock_.Now());
  int64_t last = last_drop_log_.load(std::memory_order_relaxed);
  if (now - last >= kDropLogIntervalSeconds &&
      last_drop_log_.compare_exchange_strong(last, now, std::memory_order_relaxed)) {
    base::log::Warn("install events dropped: writer queue full",
                    {{"dropped_total", static_cast<int64_t>(dropped)},
                     {"queue", static_cast<int64_t>(options_.max_queued_batches)}});
  }
  Response busy = Response::Json(R"({"status":"busy"})", 503);
  busy.Header("Retry-After", "1");
  return busy;
}

void ComposerApi::WriterLoop() {
  auto db = pool_.Acquire();
  telemetry::InstallStore store(*db, clock_, options_.telemetry_secret,
                                options_.dedupe_window_seconds);
  std::vector<telemetry::Batch> group;
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) {
      return;
    }
    // Group commit: everything queued so far goes in one transaction.
    group.clear();
    group.swap(queue_);
    writing_ = true;
    lock.unlock();
    // A busy database (another writer past the busy timeout) is retried;
    // anything else is logged with what it cost.
    for (int attempt = 1;; ++attempt) {
      auto counts = store.RecordBatches(group);
      if (counts) {
        break;
      }
      const bool busy = counts.error().code() == base::ErrorCode::kUnavailable;
      if (!busy || attempt == kWriteAttempts) {
        base::log::Error("install batches lost", {{"error", counts.error().message()},
                                                  {"batches", group.size()},
                                                  {"attempts", attempt}});
        lost_batches_ += group.size();
        break;
      }
    }
    lock.lock();
    writing_ = false;
    if (queue_.empty()) {
      drained_.notify_all();
    }
  }
}

void ComposerApi::Flush() {
  std::unique_lock lock(mu_);
  drained_.wait(lock, [this] { return queue_.empty() && !writing_; });
}

}  // namespace wpp::composerapi
