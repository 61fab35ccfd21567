#include "ingest/backfill.h"

#include <chrono>

#include "base/log.h"
#include "base/progress.h"
#include "packages/package_store.h"
#include "wporg/client.h"

namespace wpp::ingest {
namespace {

using base::Error;
using base::ErrorCode;

constexpr int kAttempts = 3;

base::Result<int64_t> PluginHead(wporg::Client& client) {
  WPP_ASSIGN_OR_RETURN(const std::string body, client.FetchListing(wporg::PackageType::kPlugin));
  // The revision is in the page title, before any entry.
  WPP_ASSIGN_OR_RETURN(const wporg::ListingStats stats,
                       wporg::ParseListing(body, [](std::string_view) { return false; }));
  return stats.head_revision;
}

// The changelog of [low, high], with up to three attempts 5 s × attempt apart.
base::Result<wporg::Changelog> FetchChunk(const Env& env, wporg::Client& client, int64_t low,
                                          int64_t high) {
  std::string last_error;
  for (int attempt = 1; attempt <= kAttempts && !env.stopping(); ++attempt) {
    auto log = client.FetchChangelog(wporg::PackageType::kPlugin, low, high);
    if (log) {
      return log;
    }
    last_error = log.error().message();
    if (attempt < kAttempts) {
      env.clock.SleepFor(std::chrono::seconds(5 * attempt), env.stop);
    }
  }
  return Error(ErrorCode::kUnavailable, last_error.empty() ? "interrupted" : last_error);
}

}  // namespace

base::Result<BackfillStats> RunBackfill(const Env& env, const BackfillOptions& options) {
  packages::PackageStore store(env.db, env.clock);
  BackfillStats stats;
  WPP_ASSIGN_OR_RETURN(stats.missing, store.CountPluginsWithoutRevision());
  if (stats.missing == 0) {
    base::log::Info("nothing to backfill");
    return stats;
  }
  wporg::ClientOptions client_options = wporg::OptionsFromConfig(env.config);
  client_options.cancel = env.stop;
  wporg::Client client(env.http, env.clock, client_options);
  WPP_ASSIGN_OR_RETURN(const int64_t head, PluginHead(client));
  if (head <= 0) {
    return Error(ErrorCode::kUnavailable, "could not determine current SVN revision");
  }
  const int64_t chunk = options.chunk_size > 0 ? options.chunk_size : 10'000;
  base::Progress progress("backfill", stats.missing);
  int64_t remaining = stats.missing;
  for (int64_t high = head; high > 0 && remaining > 0 && !env.stopping();) {
    const int64_t low = std::max<int64_t>(high - chunk, 1);
    ++stats.chunks;
    auto log = FetchChunk(env, client, low, high);
    if (!log) {
      ++stats.skipped_chunks;
      base::log::Warn("backfill chunk skipped",
                      {{"from", low}, {"to", high}, {"error", log.error().message()}});
    } else {
      WPP_ASSIGN_OR_RETURN(const int filled, store.BackfillRevisions(log->slugs));
      stats.filled += filled;
      remaining -= filled;
      progress.Add(filled);
    }
    high = low - 1;
  }
  progress.Finish();
  stats.interrupted = env.stopping();
  base::log::Info("backfill complete", {{"missing", stats.missing},
                                        {"filled", stats.filled},
                                        {"chunks", stats.chunks},
                                        {"skipped_chunks", stats.skipped_chunks},
                                        {"interrupted", stats.interrupted}});
  if (stats.interrupted) {
    return Error(ErrorCode::kUnavailable, "interrupted (progress is saved)");
  }
  return stats;
}

}  // namespace wpp::ingest
