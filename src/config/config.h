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

struct BackupConfig {
  std::string bucket{};     // LITESTREAM_BUCKET: where db backups go.
  std::string path = "db";  // Key prefix inside the bucket.
  int retention_days = 7;
};

struct Config {
  std::string app_url{};
  std::string site_name = "WP Packages";  // Drawn on the social preview images.
  std::string og_dir = "./storage/og";    // Social preview images when no CDN bucket.
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

// Every YAML key and its environment variable(s), for docs and `--help`.
std::vector<std::pair<std::string, std::string>> DescribeKeys();

}  // namespace wpp::config
