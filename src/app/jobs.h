// The wiring of the jobs: which implementation each step of a command gets
// (database, clock, HTTP client, object stores from configuration, the stop
// flag). `wppackages <command>`, the pipeline and a scheduler all run jobs
// through these functions, so they are wired once.

#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "app/app.h"
#include "base/result.h"
#include "deploy/deploy.h"
#include "ingest/env.h"
#include "installs/rollup_store.h"
#include "repository/build.h"
#include "repository/verify.h"

namespace wpp::app {

// The stop flag raised by SIGINT/SIGTERM (installs the handler on first use).
const std::atomic<bool>& StopFlag();

// What the ingest jobs (discover, update, backfill-revisions) run with:
// this app's database, clock, HTTP client sized for `parallel_requests`,
// configuration and the stop flag.
ingest::Env IngestEnv(App& app, int parallel_requests = 0);

struct BuildJob {
  bool force = false;
  std::string package{};  // "wp-plugin/<slug>": rebuild one package.
  // Also write the build out as a static tree here (docs/behaviour.md §7.7):
  // the build itself stays a build of the repository, deployable by id.
  std::string output{};
  std::string build_id{};
};
base::Result<repository::BuildResult> RunBuild(App& app, const BuildJob& job);

// `verify`: re-hashes the files of the current build, of build `build_id`,
// or with `all` of every build (docs/behaviour.md §8.7). Errors: kNotFound
// when there is no such build (or no current one).
base::Result<repository::VerifyReport> RunVerify(const config::Config& config,
                                                 const std::string& build_id, bool all);

// Deploy options for this app: the repository directory, and the
// object-store sync when `to_r2` or r2.enabled. The sync's duration goes to
// `r2_seconds` when given.
deploy::DeployOptions DeployOptionsFor(App& app, bool to_r2,
                                       std::optional<int64_t>* r2_seconds = nullptr);

struct PipelineJob {
  std::string discover_source = "svn";  // "svn" or "config" (the seeds file only).
  bool skip_discover = false;
  bool skip_deploy = false;
  std::string build_id{};  // Claim this pre-created running row.
  // svn discovery without the listings (docs/behaviour.md §16.6).
  bool changelog_only = false;
};
// discover → update → build → deploy → cleanup under the pipeline lock.
base::Status RunPipeline(App& app, const PipelineJob& job);

// cleanup-r2-orphans: deletes the bucket files of inactive packages.
base::Status RunCleanupOrphans(App& app);

// aggregate-installs: folds new install events into the install counters
// (docs/behaviour.md §12), stops early on SIGINT/SIGTERM, logs one summary
// line.
base::Result<installs::RollupResult> RunAggregateInstalls(App& app);

}  // namespace wpp::app
