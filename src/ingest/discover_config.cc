// discover --source=config (docs/behaviour.md §4.2): the curated seed list, with
// closed and missing seeds skipped (docs/decisions.md §10).

#include <thread>

#include <yaml-cpp/yaml.h>

#include "base/log.h"
#include "ingest/discover.h"

namespace wpp::ingest {
namespace {

using base::Error;
using base::ErrorCode;

struct Seed {
  wporg::PackageType type = wporg::PackageType::kPlugin;
  std::string slug{};
};

// yaml-cpp reports problems by throwing; this is the boundary.
base::Result<std::vector<Seed>> ReadSeeds(const std::string& path, std::string_view type) {
  std::vector<Seed> seeds;
  try {
    const YAML::Node root = YAML::LoadFile(path);
    const auto add = [&](const char* key, wporg::PackageType seed_type) {
      const YAML::Node list = root[key];
      if (!list || !list.IsSequence()) {
        return;
      }
      for (const YAML::Node& item : list) {
        seeds.push_back({seed_type, item.as<std::string>()});
      }
    };
    if (type == "all" || type == "plugin") {
      add("popular_plugins", wporg::PackageType::kPlugin);
    }
    if (type == "all" || type == "theme") {
      add("popular_themes", wporg::PackageType::kTheme);
    }
  } catch (const YAML::Exception& e) {
    return Error(ErrorCode::kInvalidArgument, "reading seeds file " + path + ": " + e.what());
  }
  return seeds;
}

// Fetches every seed's last_updated with at most `concurrency` in flight.
std::vector<base::Result<wporg::LastUpdatedResult>> FetchSeeds(const Env& env,
                                                               wporg::Client& client,
                                                               const std::vector<Seed>& seeds,
                                                               int concurrency) {
  std::vector<base::Result<wporg::LastUpdatedResult>> results(
      seeds.size(), base::Error(ErrorCode::kUnavailable, "interrupted"));
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  const int threads = std::min<int>(concurrency, static_cast<int>(seeds.size()));
  workers.reserve(static_cast<size_t>(std::max(threads, 0)));
  for (int w = 0; w < threads; ++w) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < seeds.size() && !env.stopping(); i = next++) {
        results[i] = client.FetchLastUpdated(seeds[i].type, seeds[i].slug);
      }
    });
  }
  for (auto& worker : workers) {
    worker.join();
  }
  return results;
}

}  // namespace

base::Result<DiscoverStats> DiscoverFromSeeds(const Env& env, const DiscoverOptions& options,
                                              wporg::Client& client,
                                              packages::PackageStore& store) {
  WPP_ASSIGN_OR_RETURN(std::vector<Seed> seeds,
                       ReadSeeds(env.config.discovery.seeds_file, options.type));
  if (options.limit > 0 && seeds.size() > static_cast<size_t>(options.limit)) {
    seeds.resize(static_cast<size_t>(options.limit));
  }
  const auto results =
      FetchSeeds(env, client, seeds, ResolveConcurrency(options.concurrency, env.config));
  DiscoverStats stats;
  std::vector<packages::ShellEntry> plugins, themes;
  for (size_t i = 0; i < seeds.size(); ++i) {
    const std::string_view type_name = wporg::TypeName(seeds[i].type);
    if (!results[i]) {
      ++stats.failed;
      base::log::Error(
          "seed discovery failed",
          {{"type", type_name}, {"slug", seeds[i].slug}, {"error", results[i].error().message()}});
      continue;
    }
    if (results[i]->availability != wporg::Availability::kAvailable) {
      ++stats.skipped;
      base::log::Warn("seed is closed or missing on WordPress.org, skipped",
                      {{"type", type_name}, {"slug", seeds[i].slug}});
      continue;
    }
    ++stats.discovered;
    auto& target = seeds[i].type == wporg::PackageType::kPlugin ? plugins : themes;
    target.push_back({seeds[i].slug, results[i]->last_updated});
  }
  WPP_ASSIGN_OR_RETURN(const int plugin_failures, store.UpsertShells("plugin", plugins));
  WPP_ASSIGN_OR_RETURN(const int theme_failures, store.UpsertShells("theme", themes));
  stats.failed += plugin_failures + theme_failures;
  stats.interrupted = env.stopping();
  WPP_RETURN_IF_ERROR(store.RefreshSiteStats());
  if (stats.failed > 0 && !stats.interrupted) {
    return Error(ErrorCode::kInternal,
                 "discovery completed with " + std::to_string(stats.failed) + " failures");
  }
  return stats;
}

}  // namespace wpp::ingest
