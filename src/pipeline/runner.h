// The pipeline: discover → update → build → deploy (→ best-effort cleanup)
// under an exclusive lock, recorded as one row of the builds table. The
// steps are injected so the orchestration is testable on its own; cmd wires
// the real ones.

#pragma once

#include <functional>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "io/http_client.h"
#include "repository/build_store.h"

namespace wpp::pipeline {

struct Steps {
  std::function<base::Status()> discover{};
  std::function<base::Status()> update{};
  // Builds `build_id`; sets `*unchanged` when the build has no change
  // against the current build (and was discarded): then nothing is deployed
  // (docs/behaviour.md §8.9).
  std::function<base::Status(const std::string& build_id, bool* unchanged)> build{};
  // Promotes `build_id`; sets `r2_seconds` when it synced to the object store.
  std::function<base::Status(const std::string& build_id, std::optional<int64_t>* r2_seconds)>
      deploy{};
  std::function<base::Status()> cleanup{};
};

struct RunOptions {
  bool skip_discover = false;
  bool skip_deploy = false;
  std::string build_id{};  // Claim this pre-created running row.
  std::string lock_path{};
  std::string discord_webhook_url{};
};

struct RunResult {
  std::string build_id{};
  repository::StepSeconds seconds{};
  bool unchanged = false;  // The build changed nothing: nothing was published.
};

// Runs the pipeline. Errors: the lock's kUnavailable when another pipeline
// runs; otherwise the first failing step's error, prefixed with its name
// ("update: …"), after the row is marked failed and the webhook notified.
// `db`, `clock` and `http` must outlive the call.
base::Result<RunResult> RunPipeline(db::Database& db, base::Clock& clock, io::HttpClient& http,
                                    const Steps& steps, const RunOptions& options);

}  // namespace wpp::pipeline
