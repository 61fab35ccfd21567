// Config: every setting of wppackages, with its default, loaded from
// built-in defaults, then an optional YAML file, then the environment, then
// command-line flags (each layer overrides the one before).

#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace wpp::config {

struct R2Config {
  std::string access_key_id{};
  std::string secret_access_key{};
  std::string bucket{};
  std::string endpoint{};
  std::string region = "auto";
  bool enabled = false;
  int concurrency = 50;
  bool path_style = true;
  std::string cdn_bucket{};
  std::string cdn_public_url{};
};

struct DiscoveryConfig {
  std::string seeds_file = "./seeds.yaml";
  int concurrency = 10;
  int api_timeout_seconds = 30;
  int max_retries = 3;
  int retry_delay_ms = 1000;
  int svn_timeout_seconds = 600;
  // An SVN listing below this share of the last good one is an error
  // (docs/behaviour.md §14.5). 0 turns the check off.
  int min_listing_percent = 90;
};

// docs/behaviour.md §14.4: a run fails when more than this share of its
// fetches fail (100: only when all of at least 20 do).
struct UpdateConfig {
  int max_failure_percent = 50;
};

struct WporgConfig {
  std::string api_url = "https://api.wordpress.org";
  std::string plugins_svn_url = "https://plugins.svn.wordpress.org";
  std::string themes_svn_url = "https://themes.svn.wordpress.org";
};

// The vulnerability feed of `wppackages advisories` (docs/behaviour.md §20.4).
struct AdvisoriesConfig {
  std::string feed_url{};  // ADVISORIES_FEED_URL; empty: security closures only.
  std::string feed_key{};  // ADVISORIES_FEED_KEY: sent as a bearer token.
};

struct BackupConfig {
  std::string bucket{};     // LITESTREAM_BUCKET: where db backups go.
  std::string path = "db";  // Key prefix inside the bucket.
  int retention_days = 7;
};

// serve --with-scheduler (docs/behaviour.md §16.1). Durations in seconds;
// configuration accepts plain seconds or a unit: 30s, 5m, 1h, 1d.
struct SchedulerConfig {
  int pipeline_interval = 300;
  int pipeline_watch = 10;  // Asks SVN for its youngest revision this often; 0: off.
  int aggregate_installs_interval = 3600;
  int check_status_interval = 3600;
  int cleanup_sessions_interval = 86400;
  int generate_og_interval = 86400;
  int backup_interval = 86400;  // Only when litestream.bucket is set.
  int advisories_interval = 3600;
  int jitter = 30;                               // Up to this much random delay per run.
  int startup_delay = 5;                         // A due job's first run after start.
  int job_timeout = 7200;                        // A run still going after this is stopped.
  int stop_grace = 30;                           // SIGTERM → SIGKILL.
  std::string pipeline_discover_source = "svn";  // As `pipeline`: the whole directory.
};

struct Config {
  std::string app_url{};
  std::string site_name = "wppackages";  // Drawn on the social preview images.
  std::string og_dir = "./storage/og";   // Social preview images when no CDN bucket.
  std::string env = "local";
  bool debug = false;
  std::string log_level = "info";
  std::string log_format{};  // Empty: json in production, text elsewhere.
  std::string sentry_dsn{};
  std::string db_path = "./storage/wppackages.db";
  std::string listen_addr = ":8080";
  std::vector<std::string> trusted_proxies = {"127.0.0.0/8", "::1/128"};
  std::string repository_dir = "./storage/repository";
  std::string discord_webhook_url{};
  int session_lifetime_minutes = 7200;
  int telemetry_dedupe_window_seconds = 3600;
  std::string telemetry_secret{};
  R2Config r2{};
  DiscoveryConfig discovery{};
  WporgConfig wporg{};
  BackupConfig backup{};
  UpdateConfig update{};
  SchedulerConfig scheduler{};
  AdvisoriesConfig advisories{};
  std::string log_dir{};  // LOG_DIR: each command appends to <log_dir>/<command>.log.
  std::vector<std::string> metrics_allow = {"127.0.0.0/8", "::1/128"};
  int health_max_build_age = 3600;  // Seconds; 0: /health never reports staleness.

  bool production() const { return env == "production"; }
};

// Command-line values that override everything else; empty means "not given".
struct FlagOverrides {
  std::string db_path{};
  std::string log_level{};
  std::string log_format{};
  std::string listen_addr{};
};

using Environment = std::function<std::optional<std::string>(const std::string&)>;

// The process environment (getenv), for production use.
Environment ProcessEnvironment();

struct LoadResult {
  Config config{};
  std::vector<std::string> warnings{};  // E.g. unknown YAML keys.
};

// Loads the configuration. `yaml_path` may be empty (no file). Errors:
// kNotFound when the file is missing, kInvalidArgument for unreadable YAML or
// an invalid value; the message names the offending key.
base::Result<LoadResult> Load(const std::string& yaml_path, const Environment& env,
                              const FlagOverrides& flags);

// Checks values after loading; exposed for tests.
base::Status Validate(const Config& config);

// "300", "30s", "5m", "1h", "1d" → seconds. Errors: kInvalidArgument.
base::Result<int> ParseDuration(std::string_view text);

// Every YAML key and its environment variable(s), for docs and `--help`.
std::vector<std::pair<std::string, std::string>> DescribeKeys();

}  // namespace wpp::config
