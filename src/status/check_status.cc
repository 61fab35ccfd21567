#include "status/check_status.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "base/bounded_queue.h"
#include "base/fan_in.h"
#include "base/log.h"
#include "base/progress.h"
#include "status/status_store.h"
#include "wporg/client.h"

namespace wpp::status {
namespace {

using packages::StatusCandidate;
using packages::StatusChange;

// Answers per writer wake-up.
constexpr size_t kBatch = 256;
// Per-package failures logged one by one; the rest are only counted.
constexpr int64_t kLoggedFailures = 20;

struct Outcome {
  size_t index = 0;
  Decision decision{};
};

packages::ClosureDetails DetailsOf(const wporg::ClosureInfo& closure) {
  return {.closed_date = closure.closed_date,
          .reason = closure.reason,
          .reason_text = closure.reason_text,
          .permanent = closure.permanent};
}

bool ChangesState(Verdict verdict) {
  return verdict != Verdict::kNothing && verdict != Verdict::kFailed;
}

int ResolveConcurrency(int flag, const config::Config& config) {
  if (flag > 0) {
    return flag;
  }
  return config.discovery.concurrency > 0 ? config.discovery.concurrency : 10;
}

// Applies one decision through the package store and counts it.
void Apply(packages::PackageStore& store, int64_t run_id, const StatusCandidate& package,
           const Decision& decision, CheckReport* report) {
  ++report->checked;
  if (decision.verdict == Verdict::kNothing) {
    return;
  }
  if (decision.verdict == Verdict::kFailed) {
    if (++report->failed <= kLoggedFailures) {
      base::log::Warn("check-status failed",
                      {{"type", package.type}, {"name", package.name}, {"error", decision.error}});
    }
    return;
  }
  StatusChange change{.kind = StatusChange::Kind::kDeactivate,
                      .type = package.type,
                      .name = package.name,
                      .closure = decision.closure};
  switch (decision.verdict) {
    case Verdict::kTombstone:
      change.kind = StatusChange::Kind::kTombstone;
      break;
    case Verdict::kReactivate:
      change.kind = StatusChange::Kind::kReactivate;
      break;
    case Verdict::kRecordClosure:
      change.kind = StatusChange::Kind::kRecordClosure;
      break;
    default:
      break;
  }
  auto changed = store.ApplyStatusChange(run_id, change);
  if (!changed) {  // docs/behaviour.md §11.2: a refused write is a failure.
    ++report->failed;
    base::log::Error(
        "check-status write failed",
        {{"type", package.type}, {"name", package.name}, {"error", changed.error().message()}});
    return;
  }
  if (change.kind == StatusChange::Kind::kRecordClosure) {
    report->closures_recorded += *changed ? 1 : 0;
    return;
  }
  if (!*changed) {
    return;
  }
  report->deactivated += change.kind == StatusChange::Kind::kDeactivate ? 1 : 0;
  report->tombstoned += change.kind == StatusChange::Kind::kTombstone ? 1 : 0;
  report->reactivated += change.kind == StatusChange::Kind::kReactivate ? 1 : 0;
}

// Fetches every candidate with `concurrency` workers while this thread writes.
void CheckAll(const CheckEnv& env, const std::vector<StatusCandidate>& candidates, int concurrency,
              int64_t run_id, packages::PackageStore& store, CheckReport* report) {
  wporg::ClientOptions client_options = wporg::OptionsFromConfig(env.config);
  client_options.cancel = env.stop;
  wporg::Client client(env.http, env.clock, client_options);
  const auto stopping = [&env] {
    return env.stop != nullptr && env.stop->load(std::memory_order_relaxed);
  };
  base::Progress progress("check-status", static_cast<int64_t>(candidates.size()));
  base::FanIn<Outcome>(
      concurrency, candidates.size(), kBatch, stopping,
      [&](size_t i) -> std::optional<Outcome> {
        const StatusCandidate& c = candidates[i];
        auto answer =
            client.FetchInfo(base::ParseType(c.type).value_or(base::PackageType::kPlugin), c.name);
        if (!answer && stopping()) {
          return std::nullopt;  // Cut short by the stop signal: not an answer.
        }
        return Outcome{.index = i, .decision = Decide(c.is_active, answer)};
      },
      [&](const std::vector<Outcome>& batch) {
        for (const Outcome& outcome : batch) {
          Apply(store, run_id, candidates[outcome.index], outcome.decision, report);
        }
        progress.Add(static_cast<int64_t>(batch.size()));
      });
  progress.Finish();
}

void LogSummary(const CheckReport& r) {
  char duration[32];
  snprintf(duration, sizeof duration, "%.1fs", r.seconds);
  base::log::Info("check-status complete", {{"run", r.run_id},
                                            {"status", r.status},
                                            {"checked", r.checked},
                                            {"deactivated", r.deactivated},
                                            {"tombstoned", r.tombstoned},
                                            {"reactivated", r.reactivated},
                                            {"failed", r.failed},
                                            {"closures_recorded", r.closures_recorded},
                                            {"mass_closures_new", r.mass_created},
                                            {"mass_closures_extended", r.mass_extended},
                                            {"duration", duration},
                                            {"interrupted", r.interrupted}});
}

}  // namespace

Decision Decide(bool is_active, const base::Result<wporg::InfoResult>& answer) {
  if (!answer) {
    return {.verdict = Verdict::kFailed, .error = answer.error().message(), .closure = {}};
  }
  const wporg::InfoResult& r = *answer;
  Decision d;
  if (r.closure) {
    d.closure = DetailsOf(*r.closure);
  }
  switch (r.availability) {
    case wporg::Availability::kClosedPermanent:
      d.verdict = Verdict::kTombstone;
      break;
    case wporg::Availability::kNotFound:
      // The API's own answer: an HTML or empty 404 page is an error
      // already (docs/behaviour.md §2.3).
      d.verdict = is_active ? Verdict::kDeactivate
                            : (d.closure ? Verdict::kRecordClosure : Verdict::kNothing);
      break;
    case wporg::Availability::kAvailable:
      d.verdict = is_active ? Verdict::kNothing : Verdict::kReactivate;
      break;
  }
  if (r.had_invalid_utf8 && ChangesState(d.verdict)) {
    return {.verdict = Verdict::kFailed, .error = "invalid UTF-8 in the answer", .closure = {}};
  }
  return d;
}

base::Result<CheckReport> RunCheckStatus(const CheckEnv& env, const CheckOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  packages::PackageStore packages(env.db, env.clock);
  StatusStore runs(env.db, env.clock);
  CheckReport report;

  if (auto pruned = packages.PruneStatusCheckChanges(kKeptRuns); !pruned) {
    base::log::Warn("pruning status_check_changes failed", {{"error", pruned.error().message()}});
  }
  WPP_ASSIGN_OR_RETURN(report.run_id, runs.StartRun());

  std::string error;
  auto candidates = packages.SelectForStatusCheck(options.type);
  if (!candidates) {
    error = candidates.error().message();
  } else {
    report.selected = static_cast<int64_t>(candidates->size());
    if (!candidates->empty()) {
      const int concurrency = static_cast<int>(
          std::min<int64_t>(ResolveConcurrency(options.concurrency, env.config), report.selected));
      base::log::Info(
          "checking package status",
          {{"packages", report.selected}, {"concurrency", concurrency}, {"run", report.run_id}});
      CheckAll(env, *candidates, concurrency, report.run_id, packages, &report);
    }
  }
  report.interrupted = env.stop != nullptr && env.stop->load() && report.checked < report.selected;
  if (error.empty() && report.checked > 0 && report.failed == report.checked) {
    error = "every check failed (" + std::to_string(report.failed) + " packages)";
  }
  report.status = !error.empty()       ? "failed"
                  : report.interrupted ? "cancelled"
                  : report.failed > 0  ? "completed_with_errors"
                                       : "completed";
  if (report.interrupted && error.empty()) {
    error = "interrupted after " + std::to_string(report.checked) + " of " +
            std::to_string(report.selected) + " packages";
  }
  const RunCounters counters{.checked = report.checked,
                             .deactivated = report.deactivated + report.tombstoned,
                             .reactivated = report.reactivated,
                             .failed = report.failed};
  const base::Status finished = runs.FinishRun(report.run_id, report.status, counters, error);

  auto mass = runs.TrackMassClosures();
  if (mass) {
    report.mass_created = mass->created;
    report.mass_extended = mass->extended;
  } else {
    base::log::Warn("mass-closure tracking failed", {{"error", mass.error().message()}});
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  LogSummary(report);
  if (report.status == "failed" && options.on_failure) {
    options.on_failure("check-status #" + std::to_string(report.run_id),
                       {"check-status run " + std::to_string(report.run_id) + " failed: " + error,
                        "checked " + std::to_string(report.checked) + ", failed " +
                            std::to_string(report.failed)});
  }
  WPP_RETURN_IF_ERROR(finished);
  if (report.status == "failed") {
    return base::Error(base::ErrorCode::kUnavailable, "check-status failed: " + error);
  }
  if (report.interrupted) {
    return base::Error(base::ErrorCode::kUnavailable, error + " (the run is marked cancelled)");
  }
  return report;
}

}  // namespace wpp::status
