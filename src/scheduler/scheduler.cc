#include "scheduler/scheduler.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <utility>

#include "base/log.h"
#include "base/strings.h"
#include "pipeline/lock.h"
#include "pipeline/notifier.h"
#include "scheduler/run_store.h"
#include "scheduler/watch.h"

namespace wpp::scheduler {
namespace {

constexpr auto kTick = std::chrono::seconds(1);
constexpr auto kRetention = std::chrono::hours(24 * 30);

std::string SiblingOfDb(const std::string& db_path, const std::string& name) {
  return std::filesystem::path(pipeline::LockPathFor(db_path)).replace_filename(name).string();
}

}  // namespace

std::vector<JobSpec> DefaultJobs(const config::Config& config) {
  const config::SchedulerConfig& s = config.scheduler;
  auto every = [](int seconds) { return std::chrono::seconds(seconds); };
  std::vector<JobSpec> jobs = {
      {.name = "pipeline",
       .args = {"pipeline", "--discover-source", s.pipeline_discover_source},
       .interval = every(s.pipeline_interval),
       .notifies_itself = true,
       .nice = 5},
      {.name = "aggregate-installs",
       .args = {"aggregate-installs"},
       .interval = every(s.aggregate_installs_interval),
       .notifies_itself = false,
       .nice = 10},
      {.name = "check-status",
       .args = {"check-status"},
       .interval = every(s.check_status_interval),
       .notifies_itself = false,
       .nice = 5},
      {.name = "cleanup-sessions",
       .args = {"cleanup-sessions"},
       .interval = every(s.cleanup_sessions_interval),
       .notifies_itself = false,
       .nice = 10},
      {.name = "generate-og",
       .args = {"generate-og"},
       .interval = every(s.generate_og_interval),
       .notifies_itself = false,
       .nice = 10},
      {.name = "advisories",
       .args = {"advisories"},
       .interval = every(s.advisories_interval),
       .notifies_itself = false,
       .nice = 5},
  };
  if (!config.backup.bucket.empty()) {
    jobs.push_back({.name = "db-backup",
                    .args = {"db", "backup"},
                    .interval = every(s.backup_interval),
                    .notifies_itself = false,
                    .nice = 10});
  }
  return jobs;
}

SchedulerOptions OptionsFrom(const config::Config& config, std::vector<std::string> command) {
  const config::SchedulerConfig& s = config.scheduler;
  return SchedulerOptions{.jobs = DefaultJobs(config),
                          .command = std::move(command),
                          .log_dir = config.log_dir,
                          .jitter = std::chrono::seconds(s.jitter),
                          .startup_delay = std::chrono::seconds(s.startup_delay),
                          .job_timeout = std::chrono::seconds(s.job_timeout),
                          .stop_grace = std::chrono::seconds(s.stop_grace),
                          .db_path = config.db_path,
                          .discord_webhook_url = config.discord_webhook_url,
                          .pipeline_watch = std::chrono::seconds(s.pipeline_watch),
                          .svn = wporg::OptionsFromConfig(config)};
}

struct Scheduler::Impl {
  Impl(SchedulerOptions o, base::Clock& c, io::HttpClient& h,
       std::unique_ptr<pipeline::PipelineLock> l, std::unique_ptr<db::Database> d)
      : options(std::move(o)),
        clock(c),
        http(h),
        lock(std::move(l)),
        db(std::move(d)),
        store(*db),
        rng(std::random_device{}()),
        schedule(options.jobs, options.jitter, options.startup_delay,
                 [this](int64_t n) { return std::uniform_int_distribution<int64_t>(0, n)(rng); }),
        svn(h, c, options.svn),
        watch(
            options.pipeline_watch, [this](base::PackageType type) { return Youngest(type); },
            [this](base::PackageType type) { return Watermark(type); }) {}

  void Loop();
  void Watch(size_t pipeline);
  base::Result<int64_t> Youngest(base::PackageType type);
  std::optional<int64_t> Watermark(base::PackageType type);
  void RunJob(size_t index, TimePoint started);
  void Report(const JobSpec& job, const ChildOutcome& outcome, const std::string& log_path);

  SchedulerOptions options;
  base::Clock& clock;
  io::HttpClient& http;
  std::unique_ptr<pipeline::PipelineLock> lock;
  std::unique_ptr<db::Database> db;
  RunStore store;  // Guarded by mu, like db.
  std::mt19937_64 rng;
  std::mutex mu;
  Schedule schedule;  // Guarded by mu.
  wporg::Client svn;
  PipelineWatch watch;  // Only the watch thread touches it.
  // The watch made the pipeline due (guarded by mu), and when a pipeline
  // last read the listings (only the loop's run threads touch it, one at a
  // time): an early run skips them unless that was an interval ago
  // (docs/behaviour.md §16.6).
  bool pipeline_early = false;
  std::optional<TimePoint> listings_read{};
  std::atomic<bool> stopping{false};
  std::thread loop{};
  std::thread watcher{};
  std::map<size_t, std::thread> runs{};  // Only the loop thread touches it.
  bool stopped = false;
};

void Scheduler::Impl::Loop() {
  while (!stopping.load()) {
    const TimePoint now = clock.Now();
    std::vector<size_t> due;
    std::optional<TimePoint> next;
    {
      std::lock_guard guard(mu);
      due = schedule.TakeDue(now);
    }
    for (size_t index : due) {
      if (auto it = runs.find(index); it != runs.end()) {
        it->second.join();  // Its previous run has finished (it was not running).
        runs.erase(it);
      }
      runs.emplace(index, std::thread([this, index, now] { RunJob(index, now); }));
    }
    {
      std::lock_guard guard(mu);
      next = schedule.NextWake();
    }
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(kTick);
    if (next && *next > now) {
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(*next - now));
    }
    clock.SleepFor(std::max(wait, std::chrono::milliseconds(10)), &stopping);
  }
  for (auto& [index, thread] : runs) {
    thread.join();
  }
  runs.clear();
}

// Asks the repositories every watch period and makes the pipeline due now
// when one moved past the stored watermark (docs/behaviour.md §16.6).
void Scheduler::Impl::Watch(size_t pipeline) {
  const auto tick = std::min<std::chrono::milliseconds>(watch.period(), kTick);
  while (!stopping.load()) {
    bool running = false;
    {
      std::lock_guard guard(mu);
      running = schedule.running(pipeline);
    }
    if (watch.Check(clock.Now(), running)) {
      std::lock_guard guard(mu);
      schedule.RunSoon(pipeline, clock.Now());
      pipeline_early = true;
    }
    clock.SleepFor(tick, &stopping);
  }
}

base::Result<int64_t> Scheduler::Impl::Youngest(base::PackageType type) {
  // Short, so a stop never waits long for a question under way
  // (docs/behaviour.md §2.9).
  const auto timeout = std::clamp<std::chrono::milliseconds>(
      watch.period(), std::chrono::seconds(1), std::chrono::seconds(5));
  if (stopping.load()) {
    return base::Error(base::ErrorCode::kUnavailable, "the scheduler is stopping");
  }
  return svn.FetchYoungestRevision(type, timeout);
}

std::optional<int64_t> Scheduler::Impl::Watermark(base::PackageType type) {
  std::optional<int64_t> value;
  std::lock_guard guard(mu);
  auto read = db->Guard("reading site_meta", [&] {
    SQLite::Statement s(db->sql(), "SELECT value FROM site_meta WHERE key = ?");
    s.bind(1, "svn_revision_" + std::string(base::TypeName(type)));
    if (s.executeStep()) {
      value = base::ParseInt(s.getColumn(0).getString());
    }
  });
  if (!read.ok()) {
    base::log::Warn("pipeline watch: reading the watermark failed",
                    {{"error", read.error().message()}});
  }
  return value;
}

void Scheduler::Impl::RunJob(size_t index, TimePoint started) {
  JobSpec job;
  {
    std::lock_guard guard(mu);
    job = schedule.job(index);
  }
  auto finish = [&] {
    std::lock_guard guard(mu);
    schedule.Finished(index, started);
  };
  if (job.name == "pipeline") {
    // A pipeline started elsewhere (a timer, a shell) holds the lock: skip
    // this round rather than fail (docs/behaviour.md §16.2).
    if (auto probe = pipeline::PipelineLock::Acquire(pipeline::LockPathFor(options.db_path));
        !probe) {
      base::log::Info("scheduled job skipped",
                      {{"job", job.name}, {"reason", probe.error().message()}});
      std::lock_guard guard(mu);
      (void)store.RecordSkipped(job.name, started, probe.error().message());
      schedule.Finished(index, started);
      return;
    }
  }
  int64_t run_id = 0;
  {
    std::lock_guard guard(mu);
    auto id = store.Start(job.name, started, 0);
    if (!id) {
      base::log::Error("recording scheduled run failed",
                       {{"job", job.name}, {"error", id.error().message()}});
    } else {
      run_id = *id;
    }
  }
  ChildOptions child{.argv = options.command,
                     .log_path = options.log_dir.empty()
                                     ? std::string()
                                     : options.log_dir + "/" + job.name + ".log",
                     .timeout = options.job_timeout,
                     .grace = options.stop_grace,
                     .nice = job.nice};
  child.argv.insert(child.argv.end(), job.args.begin(), job.args.end());
  if (job.name == "pipeline") {
    bool early = false;
    {
      std::lock_guard guard(mu);
      early = std::exchange(pipeline_early, false);
    }
    if (early && listings_read && started - *listings_read < job.interval) {
      child.argv.push_back("--changelog-only");
    } else {
      listings_read = started;
    }
  }
  base::log::Info("scheduled job started", {{"job", job.name}});
  const auto t0 = std::chrono::steady_clock::now();
  const ChildOutcome outcome = RunChild(child, &stopping, [&](int pid) {
    base::log::Debug("scheduled job process", {{"job", job.name}, {"pid", pid}});
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  {
    std::lock_guard guard(mu);
    if (run_id > 0) {
      if (auto recorded = store.Finish(run_id, clock.Now(), outcome.status(), outcome.exit_code,
                                       outcome.ok() ? "" : outcome.Describe());
          !recorded.ok()) {
        base::log::Error("recording scheduled run failed",
                         {{"job", job.name}, {"error", recorded.error().message()}});
      }
    }
    (void)store.Prune(clock.Now() - kRetention);
  }
  if (outcome.ok()) {
    base::log::Info("scheduled job finished", {{"job", job.name}, {"seconds", seconds}});
  } else {
    base::log::Error("scheduled job failed", {{"job", job.name},
                                              {"status", outcome.status()},
                                              {"outcome", outcome.Describe()},
                                              {"seconds", seconds}});
    Report(job, outcome, child.log_path);
  }
  finish();
}

void Scheduler::Impl::Report(const JobSpec& job, const ChildOutcome& outcome,
                             const std::string& log_path) {
  if (outcome.kind == ChildOutcome::Kind::kStopped) {
    return;  // The server is shutting down; nothing went wrong.
  }
  if (job.notifies_itself && outcome.kind == ChildOutcome::Kind::kExited) {
    return;  // The command posted its own notice (docs/behaviour.md §9).
  }
  std::vector<std::string> tail =
      log_path.empty() ? std::vector<std::string>{} : TailLines(log_path, 10);
  tail.push_back(job.name + ": " + outcome.Describe());
  pipeline::Notify(http, clock, options.discord_webhook_url, "Scheduled job failed: " + job.name,
                   tail);
}

Scheduler::Scheduler(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Scheduler::~Scheduler() {
  Stop();
}

base::Result<std::unique_ptr<Scheduler>> Scheduler::Start(SchedulerOptions options,
                                                          base::Clock& clock,
                                                          io::HttpClient& http) {
  auto lock = pipeline::PipelineLock::Acquire(SiblingOfDb(options.db_path, "scheduler.lock"));
  if (!lock) {
    return base::Error(
        base::ErrorCode::kUnavailable,
        "another scheduler is running on this database (" + lock.error().message() + ")");
  }
  if (!options.log_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.log_dir, ec);
  }
  WPP_ASSIGN_OR_RETURN(auto db, db::Database::Open(options.db_path));
  auto impl =
      std::make_unique<Impl>(std::move(options), clock, http, std::move(*lock), std::move(db));
  WPP_RETURN_IF_ERROR(impl->store.CheckSchema());
  const TimePoint now = clock.Now();
  WPP_ASSIGN_OR_RETURN(const int abandoned, impl->store.AbandonRunning(now));
  if (abandoned > 0) {
    base::log::Warn("scheduled runs of a stopped scheduler marked abandoned",
                    {{"count", abandoned}});
  }
  WPP_ASSIGN_OR_RETURN(const auto last, impl->store.LastStarts());
  impl->schedule.Start(now, last);
  for (size_t i = 0; i < impl->schedule.size(); ++i) {
    base::log::Info("scheduled job", {{"job", impl->schedule.job(i).name},
                                      {"interval_seconds", impl->schedule.job(i).interval.count()},
                                      {"next_run", base::FormatRfc3339(impl->schedule.due(i))}});
  }
  Impl* raw = impl.get();
  for (size_t i = 0; i < raw->schedule.size(); ++i) {
    if (raw->schedule.job(i).name == "pipeline" && raw->watch.enabled()) {
      base::log::Info("pipeline watch", {{"period_seconds", raw->watch.period().count()}});
      NoteWatchRunning();
      raw->watcher = std::thread([raw, i] { raw->Watch(i); });
    }
  }
  raw->loop = std::thread([raw] { raw->Loop(); });
  return std::unique_ptr<Scheduler>(new Scheduler(std::move(impl)));
}

void Scheduler::Stop() {
  if (!impl_ || impl_->stopped) {
    return;
  }
  impl_->stopped = true;
  base::log::Info("scheduler stopping");
  impl_->stopping = true;
  if (impl_->watcher.joinable()) {
    impl_->watcher.join();
  }
  if (impl_->loop.joinable()) {
    impl_->loop.join();
  }
}

}  // namespace wpp::scheduler
