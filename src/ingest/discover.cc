// discover --source=svn (docs/behaviour.md §4.3) and the command's entry point.

#include "ingest/discover.h"

#include <chrono>

#include "base/log.h"
#include "base/progress.h"
#include "base/strings.h"
#include "wporg/svn.h"

namespace wpp::ingest {

// discover_config.cc
base::Result<DiscoverStats> DiscoverFromSeeds(const Env& env, const DiscoverOptions& options,
                                              wporg::Client& client, packages::PackageStore& store);

namespace {

using base::Error;
using base::ErrorCode;

constexpr size_t kShellBatch = 500;

std::vector<wporg::PackageType> SelectedTypes(std::string_view type) {
  std::vector<wporg::PackageType> types;
  if (type == "all" || type == "plugin") {
    types.push_back(wporg::PackageType::kPlugin);
  }
  if (type == "all" || type == "theme") {
    types.push_back(wporg::PackageType::kTheme);
  }
  return types;
}

std::string ListingCountKey(std::string_view type_name) {
  return "svn_listing_entries_" + std::string(type_name);
}

// docs/behaviour.md §14.5: a listing without a HEAD revision is not a listing
// (an error page, say), one without entries is empty, and one far smaller
// than the last good one is cut short. Each is an error before anything is
// written. Returns the listing's entry count.
base::Result<int64_t> CheckListing(const Env& env, packages::PackageStore& store,
                                   std::string_view type_name, std::string_view body) {
  WPP_ASSIGN_OR_RETURN(const wporg::ListingStats counted,
                       wporg::ParseListing(
                           body, [](std::string_view) { return true; }, env.stop));
  if (base::Trim(body).empty()) {
    return Error(ErrorCode::kDataLoss, "SVN listing is empty");
  }
  if (counted.head_revision == 0) {
    return Error(ErrorCode::kDataLoss, "SVN listing is not a listing (no HEAD revision; " +
                                           std::to_string(body.size()) + " bytes)");
  }
  if (counted.entries == 0) {
    return Error(ErrorCode::kDataLoss, "SVN listing is empty");
  }
  WPP_ASSIGN_OR_RETURN(const std::optional<std::string> stored,
                       store.GetMeta(ListingCountKey(type_name)));
  const std::optional<int64_t> last_good =
      stored ? base::ParseInt(*stored) : std::optional<int64_t>();
  const int min_percent = env.config.discovery.min_listing_percent;
  if (last_good && *last_good > 0 && counted.entries * 100 < *last_good * min_percent) {
    return Error(ErrorCode::kDataLoss,
                 "SVN listing has " + std::to_string(counted.entries) + " entries, under " +
                     std::to_string(min_percent) + "% of the last good listing's " +
                     std::to_string(*last_good) + " (discovery.min_listing_percent)");
  }
  return counted.entries;
}

// Streams one listing into shell rows; returns its HEAD revision.
base::Result<int64_t> DiscoverListing(const Env& env, const DiscoverOptions& options,
                                      wporg::Client& client, packages::PackageStore& store,
                                      wporg::PackageType type, DiscoverStats* stats) {
  const std::string_view type_name = wporg::TypeName(type);
  WPP_ASSIGN_OR_RETURN(const std::string body, client.FetchListing(type));
  WPP_ASSIGN_OR_RETURN(const int64_t entries, CheckListing(env, store, type_name, body));
  WPP_ASSIGN_OR_RETURN(const int64_t before, store.CountPackages(type_name));
  std::vector<packages::ShellEntry> batch;
  batch.reserve(kShellBatch);
  base::Progress progress("discover " + std::string(type_name), 0);
  base::Status flush_error;
  auto flush = [&]() -> bool {
    auto failed = store.UpsertShells(type_name, batch);
    if (!failed) {
      flush_error = std::move(failed).error();
      return false;
    }
    stats->failed += *failed;
    progress.Add(static_cast<int64_t>(batch.size()));
    batch.clear();
    return true;
  };
  auto listing = wporg::ParseListing(
      body,
      [&](std::string_view slug) {
        batch.push_back({std::string(slug), std::nullopt});
        ++stats->discovered;
        if (batch.size() == kShellBatch && !flush()) {
          return false;
        }
        return options.limit <= 0 || stats->discovered < options.limit;
      },
      env.stop);
  const bool flushed = flush_error.ok() && flush();
  progress.Finish();
  if (!flush_error.ok() || !flushed) {
    return std::move(flush_error).error();
  }
  if (!listing) {
    return std::move(listing).error();
  }
  if (!listing->stopped) {
    WPP_RETURN_IF_ERROR(store.SetMeta(ListingCountKey(type_name), std::to_string(entries)));
  }
  WPP_ASSIGN_OR_RETURN(const int64_t after, store.CountPackages(type_name));
  stats->added += after - before;
  base::log::Info(
      "SVN listing read",
      {{"type", type_name}, {"entries", listing->entries}, {"revision", listing->head_revision}});
  return listing->head_revision;
}

base::Result<DiscoverStats> DiscoverFromSvn(const Env& env, const DiscoverOptions& options,
                                            wporg::Client& client, packages::PackageStore& store) {
  DiscoverStats stats;
  for (const wporg::PackageType type : SelectedTypes(options.type)) {
    // An early run asks only for the youngest revision: the listing is
    // megabytes, the question one header (docs/behaviour.md §16.6).
    auto head = options.changelog_only
                    ? client.FetchYoungestRevision(type, std::chrono::seconds(10))
                    : DiscoverListing(env, options, client, store, type, &stats);
    if (!head) {
      if (env.stopping()) {
        stats.interrupted = true;
        break;
      }
      return std::move(head).error().Annotate("SVN discovery for " +
                                              std::string(wporg::TypeName(type)));
    }
    const bool limit_reached = options.limit > 0 && stats.discovered >= options.limit;
    if (options.limit <= 0 && *head > 0 && !env.stopping()) {
      auto scan = ScanChangelog(env, client, store, type, *head);
      if (!scan) {
        base::log::Warn("changelog scan failed",
                        {{"type", wporg::TypeName(type)}, {"error", scan.error().message()}});
      } else {
        stats.marked += scan->marked;
        stats.tag_times += scan->tag_times;
        if (scan->from_revision == 0) {
          stats.baseline_revision = scan->to_revision;
          base::log::Info("first discovery: SVN baseline recorded, changes are tracked from here",
                          {{"type", wporg::TypeName(type)}, {"revision", scan->to_revision}});
        }
        base::log::Info("changelog scanned", {{"type", wporg::TypeName(type)},
                                              {"from", scan->from_revision},
                                              {"to", scan->to_revision},
                                              {"marked", scan->marked}});
      }
    }
    if (limit_reached) {
      break;
    }
  }
  stats.interrupted = stats.interrupted || env.stopping();
  WPP_RETURN_IF_ERROR(store.RefreshSiteStats());
  if (stats.failed > 0) {
    return Error(ErrorCode::kInternal,
                 "SVN discovery completed with " + std::to_string(stats.failed) + " failures");
  }
  return stats;
}

}  // namespace

base::Result<DiscoverStats> RunDiscover(const Env& env, const DiscoverOptions& options) {
  if (options.source != "svn" && options.source != "config") {
    return Error(ErrorCode::kInvalidArgument,
                 "unknown source \"" + options.source + "\" (use config or svn)");
  }
  const auto started = std::chrono::steady_clock::now();
  wporg::ClientOptions client_options = wporg::OptionsFromConfig(env.config);
  client_options.cancel = env.stop;
  wporg::Client client(env.http, env.clock, client_options);
  packages::PackageStore store(env.db, env.clock);
  auto result = options.source == "svn" ? DiscoverFromSvn(env, options, client, store)
                                        : DiscoverFromSeeds(env, options, client, store);
  if (!result) {
    return result;
  }
  DiscoverStats& stats = *result;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char duration[32];
  snprintf(duration, sizeof duration, "%.1fs", stats.seconds);
  base::log::Info(
      "discover complete",
      {{"source", options.source},
       {"fetched", stats.discovered},
       {"new", stats.added},
       {"changed", stats.marked},
       {"unchanged", std::max<int64_t>(stats.discovered - stats.marked - stats.added, 0)},
       {"closed", stats.skipped},
       {"failed", stats.failed},
       {"duration", duration},
       {"tag_times", stats.tag_times},
       {"baseline_revision", stats.baseline_revision},
       {"interrupted", stats.interrupted}});
  if (stats.interrupted) {
    return Error(ErrorCode::kUnavailable, "interrupted (progress is saved)");
  }
  return result;
}

}  // namespace wpp::ingest
