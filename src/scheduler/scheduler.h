// The in-process scheduler of `serve --with-scheduler` (docs/behaviour.md §16):
// runs each job of the Schedule as a child process of this binary (RunChild),
// one run per job at a time, remembers runs in scheduler_runs (RunStore),
// and reports failures (log line, Discord notice).

#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "config/config.h"
#include "db/database.h"
#include "io/http_client.h"
#include "scheduler/child.h"
#include "scheduler/schedule.h"
#include "wporg/client.h"

namespace wpp::scheduler {

struct SchedulerOptions {
  std::vector<JobSpec> jobs{};
  // What a job runs: this binary and its global flags; the job's args follow.
  std::vector<std::string> command{};
  std::string log_dir{};  // Empty: children inherit stderr.
  std::chrono::seconds jitter{30};
  std::chrono::seconds startup_delay{5};
  std::chrono::seconds job_timeout{std::chrono::hours(2)};
  std::chrono::seconds stop_grace{30};
  std::string db_path{};
  std::string discord_webhook_url{};
  // The pipeline watch (docs/behaviour.md §16.6): how often it asks the SVN
  // repositories for their youngest revision; 0 turns it off.
  std::chrono::seconds pipeline_watch{10};
  wporg::ClientOptions svn{};  // Where the changelog REPORT goes.
};

// The jobs of docs/behaviour.md §16.1 with the configured intervals; `db
// backup` only when a backup bucket is set.
std::vector<JobSpec> DefaultJobs(const config::Config& config);
// SchedulerOptions from configuration; `command` is this binary and its
// global flags.
SchedulerOptions OptionsFrom(const config::Config& config, std::vector<std::string> command);

class Scheduler {
 public:
  // Takes the scheduler lock (<db dir>/scheduler.lock; errors kUnavailable
  // when another scheduler holds it), opens its own database connection,
  // marks runs of a dead scheduler abandoned and starts the loop thread.
  // `clock` and `http` must outlive it.
  static base::Result<std::unique_ptr<Scheduler>> Start(SchedulerOptions options,
                                                        base::Clock& clock, io::HttpClient& http);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts no new run; asks running children to stop (SIGTERM, SIGKILL
  // after the grace period) and waits for them. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit Scheduler(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wpp::scheduler
