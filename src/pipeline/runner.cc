#include "pipeline/runner.h"

#include <unistd.h>

#include "base/log.h"
#include "pipeline/lock.h"
#include "pipeline/notifier.h"

namespace wpp::pipeline {
namespace {

// Runs one step, timing it; on failure returns "<name>: <error>".
base::Status Timed(base::Clock& clock, const char* name, const std::function<base::Status()>& fn,
                   std::optional<int64_t>* seconds) {
  const auto start = clock.Now();
  base::log::Info("pipeline step started", {{"step", name}});
  base::Status status = fn();
  *seconds = std::chrono::duration_cast<std::chrono::seconds>(clock.Now() - start).count();
  if (!status.ok()) {
    return std::move(status).error().Annotate(name);
  }
  base::log::Info("pipeline step finished", {{"step", name}, {"seconds", **seconds}});
  return status;
}

base::Status RunSteps(base::Clock& clock, const Steps& steps, const RunOptions& options,
                      const std::string& id, repository::StepSeconds* seconds, bool* unchanged) {
  if (!options.skip_discover) {
    WPP_RETURN_IF_ERROR(Timed(clock, "discover", steps.discover, &seconds->discover));
  }
  WPP_RETURN_IF_ERROR(Timed(clock, "update", steps.update, &seconds->update));
  WPP_RETURN_IF_ERROR(Timed(
      clock, "build", [&] { return steps.build(id, unchanged); }, &seconds->build));
  if (options.skip_deploy || *unchanged) {
    return base::Status::Ok();
  }
  WPP_RETURN_IF_ERROR(Timed(
      clock, "deploy", [&] { return steps.deploy(id, &seconds->r2_upload); }, &seconds->deploy));
  if (steps.cleanup) {
    if (base::Status cleaned = steps.cleanup(); !cleaned.ok()) {
      base::log::Warn("cleanup after deploy failed", {{"error", cleaned.error().message()}});
    }
  }
  return base::Status::Ok();
}

}  // namespace

base::Result<RunResult> RunPipeline(db::Database& db, base::Clock& clock, io::HttpClient& http,
                                    const Steps& steps, const RunOptions& options) {
  WPP_ASSIGN_OR_RETURN(auto lock, PipelineLock::Acquire(options.lock_path));
  repository::BuildStore runs(db, clock);
  if (auto cancelled = runs.CancelStaleRuns(); cancelled && *cancelled > 0) {
    base::log::Warn("cancelled builds of dead pipelines", {{"count", *cancelled}});
  }
  RunResult result;
  const int pid = static_cast<int>(getpid());
  if (!options.build_id.empty()) {
    result.build_id = options.build_id;
    WPP_RETURN_IF_ERROR(runs.ClaimRun(result.build_id, pid));
  } else {
    // Ids are start seconds; a run within the same second as the previous
    // one waits for the next second rather than failing.
    base::Status started;
    for (int attempt = 0; attempt < 3; ++attempt) {
      result.build_id = base::FormatBuildId(clock.Now());
      started = runs.StartRun(result.build_id, pid);
      if (started.ok() || started.error().code() != base::ErrorCode::kAlreadyExists) {
        break;
      }
      clock.SleepFor(std::chrono::milliseconds(1000 - base::UnixMillis(clock.Now()) % 1000));
    }
    WPP_RETURN_IF_ERROR(started);
  }
  const auto start = clock.Now();
  base::Status status =
      RunSteps(clock, steps, options, result.build_id, &result.seconds, &result.unchanged);
  if (base::Status recorded =
          runs.FinishRun(result.build_id, status.ok(), status.ok() ? "" : status.error().message(),
                         result.seconds);
      !recorded.ok()) {
    base::log::Warn("recording pipeline result failed", {{"error", recorded.error().message()}});
  }
  const double seconds = std::chrono::duration<double>(clock.Now() - start).count();
  if (!status.ok()) {
    base::log::Error(
        "pipeline failed",
        {{"build_id", result.build_id}, {"error", status.error().message()}, {"seconds", seconds}});
    NotifyFailure(http, clock, options.discord_webhook_url, result.build_id,
                  base::log::RecentRecords(10));
    return std::move(status).error();
  }
  if (result.unchanged) {
    base::log::Info("pipeline complete: no change against the current build, nothing published",
                    {{"build_id", result.build_id}, {"published", false}, {"seconds", seconds}});
    return result;
  }
  base::log::Info(
      "pipeline complete",
      {{"build_id", result.build_id}, {"published", !options.skip_deploy}, {"seconds", seconds}});
  return result;
}

}  // namespace wpp::pipeline
