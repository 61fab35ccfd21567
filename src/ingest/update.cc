#include "ingest/update.h"

#include <chrono>
#include <thread>
#include <vector>

#include "base/bounded_queue.h"
#include "base/log.h"
#include "base/progress.h"
#include "ingest/package_update.h"
#include "packages/package_store.h"

namespace wpp::ingest {
namespace {

using packages::StoredPackage;

// Rows per write transaction: large enough to amortise the commit, small
// enough to keep the write lock short (docs/decisions.md §20).
constexpr size_t kWriteBatch = 256;

void Count(const PackageOutcome& outcome, UpdateStats* stats) {
  ++stats->fetched;
  stats->invalid_utf8 += outcome.invalid_utf8 ? 1 : 0;
  switch (outcome.kind) {
    case PackageOutcome::Kind::kUpdated:
      ++stats->updated;
      stats->changed += outcome.changed ? 1 : 0;
      stats->times_pending += outcome.times_pending ? 1 : 0;
      stats->stale_retried += outcome.decision == SyncDecision::kRetry ? 1 : 0;
      stats->stale_expired += outcome.decision == SyncDecision::kExpire ? 1 : 0;
      break;
    case PackageOutcome::Kind::kDeactivated:
      ++stats->deactivated;
      break;
    case PackageOutcome::Kind::kTombstoned:
      ++stats->tombstoned;
      break;
    case PackageOutcome::Kind::kFailed:
      ++stats->failed;
      stats->malformed_json += outcome.malformed ? 1 : 0;
      break;
  }
}

// Stores one batch and counts it. A row the database refused moves from
// its kind's counter to `failed` (a deactivation only logs, docs/behaviour.md §5.3).
void WriteBatch(packages::PackageStore& store, std::vector<PackageOutcome>& batch,
                UpdateStats* stats) {
  std::vector<packages::UpdateWrite> writes;
  std::vector<size_t> index;
  writes.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    Count(batch[i], stats);
    if (batch[i].kind == PackageOutcome::Kind::kFailed) {
      base::log::Warn("update failed", {{"type", batch[i].write.row.type},
                                        {"name", batch[i].write.row.name},
                                        {"error", batch[i].error}});
      continue;
    }
    writes.push_back(std::move(batch[i].write));
    index.push_back(i);
  }
  std::vector<bool> ok;
  const base::Status status = store.ApplyUpdates(writes, &ok);
  for (size_t k = 0; k < writes.size(); ++k) {
    if (status.ok() && ok[k]) {
      continue;
    }
    const PackageOutcome::Kind kind = batch[index[k]].kind;
    if (kind == PackageOutcome::Kind::kUpdated) {
      --stats->updated;
      ++stats->failed;
    } else if (kind == PackageOutcome::Kind::kTombstoned) {
      --stats->tombstoned;
      ++stats->failed;
    }
  }
}

void LogSummary(const UpdateStats& s) {
  char duration[32];
  snprintf(duration, sizeof duration, "%.1fs", s.seconds);
  base::log::Info("update complete", {{"fetched", s.fetched},
                                      {"changed", s.changed},
                                      {"unchanged", s.updated - s.changed},
                                      {"closed", s.deactivated + s.tombstoned},
                                      {"failed", s.failed},
                                      {"duration", duration},
                                      {"deactivated", s.deactivated},
                                      {"tombstoned", s.tombstoned},
                                      {"stale_retried", s.stale_retried},
                                      {"stale_expired", s.stale_expired},
                                      {"invalid_utf8", s.invalid_utf8},
                                      {"malformed_json", s.malformed_json},
                                      {"interrupted", s.interrupted}});
}

// Fetches `selected` with `concurrency` workers while this thread writes.
void FetchAndStore(const Env& env, const std::vector<StoredPackage>& selected, int64_t run_id,
                   int concurrency, packages::PackageStore& store, UpdateStats* stats) {
  wporg::ClientOptions options = wporg::OptionsFromConfig(env.config);
  options.cancel = env.stop;
  wporg::Client client(env.http, env.clock, options);
  base::BoundedQueue<PackageOutcome> queue(
      std::max<size_t>(kWriteBatch * 2, static_cast<size_t>(concurrency) * 4));
  std::atomic<size_t> next{0};
  std::atomic<int> running{concurrency};
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(concurrency));
  for (int w = 0; w < concurrency; ++w) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < selected.size() && !env.stopping(); i = next++) {
        PackageOutcome outcome = UpdatePackage(client, env.clock, selected[i], run_id);
        if (outcome.kind == PackageOutcome::Kind::kFailed) {
          outcome.write.row.type = selected[i].type;
          outcome.write.row.name = selected[i].name;
        }
        queue.Push(std::move(outcome));
      }
      if (--running == 0) {
        queue.Close();
      }
    });
  }
  base::Progress progress("update", static_cast<int64_t>(selected.size()));
  std::vector<PackageOutcome> batch;
  while (queue.PopBatch(kWriteBatch, &batch)) {
    WriteBatch(store, batch, stats);
    progress.Add(static_cast<int64_t>(batch.size()));
  }
  for (auto& worker : workers) {
    worker.join();
  }
  progress.Finish();
}

}  // namespace

std::string UpdateMetaJson(const UpdateStats& s) {
  return "{\"changed\":" + std::to_string(s.changed) +
         ",\"deactivated\":" + std::to_string(s.deactivated) +
         ",\"failed\":" + std::to_string(s.failed) +
         ",\"stale_expired\":" + std::to_string(s.stale_expired) +
         ",\"stale_retried\":" + std::to_string(s.stale_retried) +
         ",\"tombstoned\":" + std::to_string(s.tombstoned) +
         ",\"updated\":" + std::to_string(s.updated) + "}";
}

bool TooManyFailures(int64_t failed, int64_t fetched, int max_failure_percent) {
  if (fetched <= 0 || failed <= 0) {
    return false;
  }
  return failed * 100 > static_cast<int64_t>(max_failure_percent) * fetched ||
         (failed == fetched && fetched >= 20);
}

namespace {

// `update --name X` names a package the database has (of any state).
base::Status RequireKnownName(packages::PackageStore& store, const UpdateOptions& options) {
  if (options.name.empty()) {
    return base::Status::Ok();
  }
  WPP_ASSIGN_OR_RETURN(const std::vector<StoredPackage> found,
                       store.SelectForUpdate({.type = options.type,
                                              .name = options.name,
                                              .force = true,
                                              .include_inactive = true,
                                              .limit = 1}));
  if (found.empty()) {
    return base::Error(base::ErrorCode::kNotFound,
                       "unknown package " + options.name + " (type " + options.type +
                           "): run `wppackages discover` first, or check the slug");
  }
  return base::Status::Ok();
}

}  // namespace

base::Result<UpdateStats> RunUpdate(const Env& env, const UpdateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  packages::PackageStore store(env.db, env.clock);
  UpdateStats stats;
  WPP_RETURN_IF_ERROR(RequireKnownName(store, options));
  WPP_ASSIGN_OR_RETURN(const packages::SyncRun run, store.AllocateSyncRun());
  if (run.cancelled_stale > 0) {
    base::log::Warn("marked sync runs of killed updates cancelled",
                    {{"runs", run.cancelled_stale}});
  }
  WPP_ASSIGN_OR_RETURN(const std::vector<StoredPackage> selected,
                       store.SelectForUpdate({.type = options.type,
                                              .name = options.name,
                                              .force = options.force,
                                              .include_inactive = options.include_inactive,
                                              .limit = options.limit}));
  stats.selected = static_cast<int64_t>(selected.size());
  if (selected.empty()) {
    base::log::Info("no packages need updating");
    WPP_RETURN_IF_ERROR(store.FinishSyncRun(run.row_id, "completed", "{\"updated\":0}"));
    LogSummary(stats);
    return stats;
  }
  const int concurrency = static_cast<int>(
      std::min<int64_t>(ResolveConcurrency(options.concurrency, env.config), stats.selected));
  base::log::Info(
      "updating packages",
      {{"packages", stats.selected}, {"concurrency", concurrency}, {"sync_run", run.run_id}});
  FetchAndStore(env, selected, run.run_id, concurrency, store, &stats);
  stats.interrupted = env.stopping() && stats.fetched < stats.selected;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const char* status = stats.interrupted  ? "cancelled"
                       : stats.failed > 0 ? "completed_with_errors"
                                          : "completed";
  WPP_RETURN_IF_ERROR(store.FinishSyncRun(run.row_id, status, UpdateMetaJson(stats)));
  WPP_RETURN_IF_ERROR(store.RefreshSiteStats());
  LogSummary(stats);
  if (stats.interrupted) {
    return base::Error(base::ErrorCode::kUnavailable,
                       "interrupted after " + std::to_string(stats.fetched) + " of " +
                           std::to_string(stats.selected) + " packages (progress is saved)");
  }
  if (TooManyFailures(stats.failed, stats.fetched, env.config.update.max_failure_percent)) {
    base::log::Error("update failed: too many fetches failed",
                     {{"failed", stats.failed},
                      {"fetched", stats.fetched},
                      {"max_failure_percent", env.config.update.max_failure_percent}});
    return base::Error(base::ErrorCode::kUnavailable,
                       std::to_string(stats.failed) + " of " + std::to_string(stats.fetched) +
                           " fetches failed (the run fails above update.max_failure_percent = " +
                           std::to_string(env.config.update.max_failure_percent) +
                           "%, or when all of at least 20 fail)");
  }
  return stats;
}

}  // namespace wpp::ingest
