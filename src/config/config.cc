#include "config/config.h"

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "base/log.h"
#include "base/strings.h"

namespace wpp::config {
namespace {

using base::Error;
using base::ErrorCode;

enum class Kind { kString, kInt, kBool, kList, kDuration };

// One setting: where it lives in YAML, which env vars set it, and how to
// store a textual value into the Config.
struct Key {
  std::string yaml;
  std::vector<std::string> env;
  Kind kind;
  std::function<void*(Config&)> field;
};

std::vector<Key> Keys() {
  auto s = [](std::string yaml, std::vector<std::string> env, auto member) {
    return Key{std::move(yaml), std::move(env), Kind::kString,
               [member](Config& c) -> void* { return &(c.*member); }};
  };
  auto nested = [](std::string yaml, std::vector<std::string> env, Kind kind, auto getter) {
    return Key{std::move(yaml), std::move(env), kind,
               [getter](Config& c) -> void* { return getter(c); }};
  };
  return {
      s("app_url", {"APP_URL"}, &Config::app_url),
      s("env", {"APP_ENV"}, &Config::env),
      s("site_name", {"SITE_NAME"}, &Config::site_name),
      s("og.dir", {"OG_DIR"}, &Config::og_dir),
      nested("debug", {"APP_DEBUG"}, Kind::kBool, [](Config& c) { return &c.debug; }),
      s("log_level", {"LOG_LEVEL"}, &Config::log_level),
      s("log_format", {"LOG_FORMAT"}, &Config::log_format),
      s("sentry_dsn", {"SENTRY_DSN"}, &Config::sentry_dsn),
      s("db.path", {"DB_PATH"}, &Config::db_path),
      s("server.addr", {"LISTEN_ADDR"}, &Config::listen_addr),
      nested("server.trusted_proxies", {"TRUSTED_PROXIES"}, Kind::kList,
             [](Config& c) { return &c.trusted_proxies; }),
      s("repository.dir", {"REPOSITORY_DIR"}, &Config::repository_dir),
      s("discord_webhook_url", {"DISCORD_WEBHOOK_URL"}, &Config::discord_webhook_url),
      nested("session.lifetime_minutes", {"SESSION_LIFETIME_MINUTES"}, Kind::kInt,
             [](Config& c) { return &c.session_lifetime_minutes; }),
      nested("telemetry.dedupe_window_seconds", {"TELEMETRY_DEDUPE_WINDOW_SECONDS"},
             Kind::kDuration, [](Config& c) { return &c.telemetry_dedupe_window_seconds; }),
      s("telemetry.secret", {"TELEMETRY_SECRET"}, &Config::telemetry_secret),
      nested("r2.access_key_id", {"R2_ACCESS_KEY_ID"}, Kind::kString,
             [](Config& c) { return &c.r2.access_key_id; }),
      nested("r2.secret_access_key", {"R2_SECRET_ACCESS_KEY"}, Kind::kString,
             [](Config& c) { return &c.r2.secret_access_key; }),
      nested("r2.bucket", {"R2_BUCKET"}, Kind::kString, [](Config& c) { return &c.r2.bucket; }),
      nested("r2.endpoint", {"R2_ENDPOINT"}, Kind::kString,
             [](Config& c) { return &c.r2.endpoint; }),
      nested("r2.region", {"R2_REGION"}, Kind::kString, [](Config& c) { return &c.r2.region; }),
      nested("r2.enabled", {"WP_PACKAGES_DEPLOY_R2", "WP_COMPOSER_DEPLOY_R2"}, Kind::kBool,
             [](Config& c) { return &c.r2.enabled; }),
      nested("r2.concurrency", {"R2_CONCURRENCY"}, Kind::kInt,
             [](Config& c) { return &c.r2.concurrency; }),
      nested("r2.path_style", {"R2_PATH_STYLE"}, Kind::kBool,
             [](Config& c) { return &c.r2.path_style; }),
      nested("r2.cdn_bucket", {"R2_CDN_BUCKET"}, Kind::kString,
             [](Config& c) { return &c.r2.cdn_bucket; }),
      nested("r2.cdn_public_url", {"R2_CDN_PUBLIC_URL"}, Kind::kString,
             [](Config& c) { return &c.r2.cdn_public_url; }),
      nested("discovery.seeds_file", {"SEEDS_FILE"}, Kind::kString,
             [](Config& c) { return &c.discovery.seeds_file; }),
      nested("discovery.concurrency", {"DISCOVERY_CONCURRENCY"}, Kind::kInt,
             [](Config& c) { return &c.discovery.concurrency; }),
      nested("discovery.api_timeout", {"DISCOVERY_API_TIMEOUT"}, Kind::kDuration,
             [](Config& c) { return &c.discovery.api_timeout_seconds; }),
      nested("discovery.max_retries", {"DISCOVERY_MAX_RETRIES"}, Kind::kInt,
             [](Config& c) { return &c.discovery.max_retries; }),
      nested("discovery.retry_delay_ms", {"DISCOVERY_RETRY_DELAY_MS"}, Kind::kInt,
             [](Config& c) { return &c.discovery.retry_delay_ms; }),
      nested("discovery.svn_timeout", {"DISCOVERY_SVN_TIMEOUT"}, Kind::kDuration,
             [](Config& c) { return &c.discovery.svn_timeout_seconds; }),
      nested("discovery.min_listing_percent", {"DISCOVERY_MIN_LISTING_PERCENT"}, Kind::kInt,
             [](Config& c) { return &c.discovery.min_listing_percent; }),
      nested("update.max_failure_percent", {"UPDATE_MAX_FAILURE_PERCENT"}, Kind::kInt,
             [](Config& c) { return &c.update.max_failure_percent; }),
      nested("wporg.api_url", {"WPORG_API_URL"}, Kind::kString,
             [](Config& c) { return &c.wporg.api_url; }),
      nested("wporg.plugins_svn_url", {"WPORG_PLUGINS_SVN_URL"}, Kind::kString,
             [](Config& c) { return &c.wporg.plugins_svn_url; }),
      nested("wporg.themes_svn_url", {"WPORG_THEMES_SVN_URL"}, Kind::kString,
             [](Config& c) { return &c.wporg.themes_svn_url; }),
      nested("litestream.bucket", {"LITESTREAM_BUCKET"}, Kind::kString,
             [](Config& c) { return &c.backup.bucket; }),
      nested("litestream.path", {"LITESTREAM_PATH"}, Kind::kString,
             [](Config& c) { return &c.backup.path; }),
      nested("backup.retention_days", {"BACKUP_RETENTION_DAYS"}, Kind::kInt,
             [](Config& c) { return &c.backup.retention_days; }),
      s("log_dir", {"LOG_DIR"}, &Config::log_dir),
      nested("advisories.feed_url", {"ADVISORIES_FEED_URL"}, Kind::kString,
             [](Config& c) { return &c.advisories.feed_url; }),
      nested("advisories.feed_key", {"ADVISORIES_FEED_KEY"}, Kind::kString,
             [](Config& c) { return &c.advisories.feed_key; }),
      nested("scheduler.advisories_interval", {"SCHEDULER_ADVISORIES_INTERVAL"}, Kind::kDuration,
             [](Config& c) { return &c.scheduler.advisories_interval; }),
      nested("metrics.allow", {"METRICS_ALLOW"}, Kind::kList,
             [](Config& c) { return &c.metrics_allow; }),
      nested("health.max_build_age", {"HEALTH_MAX_BUILD_AGE"}, Kind::kDuration,
             [](Config& c) { return &c.health_max_build_age; }),
      nested("scheduler.pipeline_interval", {"SCHEDULER_PIPELINE_INTERVAL"}, Kind::kDuration,
             [](Config& c) { return &c.scheduler.pipeline_interval; }),
      nested("scheduler.pipeline_watch", {"SCHEDULER_PIPELINE_WATCH"}, Kind::kDuration,
             [](Config& c) { return &c.scheduler.pipeline_watch; }),
      nested("scheduler.aggregate_installs_interval", {"SCHEDULER_AGGREGATE_INSTALLS_INTERVAL"},
             Kind::kDuration, [](Config& c) { return &c.scheduler.aggregate_installs_interval; }),
      nested("scheduler.check_status_interval", {"SCHEDULER_CHECK_STATUS_INTERVAL"},
             Kind::kDuration, [](Config& c) { return &c.scheduler.check_status_interval; }),
      nested("scheduler.cleanup_sessions_interval", {"SCHEDULER_CLEANUP_SESSIONS_INTERVAL"},
             Kind::kDuration, [](Config& c) { return &c.scheduler.cleanup_sessions_interval; }),
      nested("scheduler.generate_og_interval", {"SCHEDULER_GENERATE_OG_INTERVAL"}, Kind::kDuration,
             [](Config& c) { return &c.scheduler.generate_og_interval; }),
      nested("scheduler.backup_interval", {"SCHEDULER_BACKUP_INTERVAL"}, Kind::kDuration,
             [](Config& c) { return &c.scheduler.backup_interval; }),
      nested("scheduler.jitter", {"SCHEDULER_JITTER"}, Kind::kDuration,
             [](Config& c) { return &c.scheduler.jitter; }),
      nested("scheduler.startup_delay", {"SCHEDULER_STARTUP_DELAY"}, Kind::kDuration,
             [](Config& c) { return &c.scheduler.startup_delay; }),
      nested("scheduler.job_timeout", {"SCHEDULER_JOB_TIMEOUT"}, Kind::kDuration,
             [](Config& c) { return &c.scheduler.job_timeout; }),
      nested("scheduler.stop_grace", {"SCHEDULER_STOP_GRACE"}, Kind::kDuration,
             [](Config& c) { return &c.scheduler.stop_grace; }),
      nested("scheduler.pipeline_discover_source", {"SCHEDULER_PIPELINE_DISCOVER_SOURCE"},
             Kind::kString, [](Config& c) { return &c.scheduler.pipeline_discover_source; }),
  };
}

base::Status Assign(Config& config, const Key& key, const std::string& text,
                    std::string_view origin) {
  void* field = key.field(config);
  switch (key.kind) {
    case Kind::kString:
      *static_cast<std::string*>(field) = text;
      return base::Status::Ok();
    case Kind::kInt: {
      auto value = base::ParseInt(text);
      if (!value || *value < INT32_MIN || *value > INT32_MAX) {
        return Error(ErrorCode::kInvalidArgument,
                     std::string(origin) + ": " + key.yaml + ": not an integer: \"" + text + "\"");
      }
      *static_cast<int*>(field) = static_cast<int>(*value);
      return base::Status::Ok();
    }
    case Kind::kDuration: {
      auto seconds = ParseDuration(text);
      if (!seconds) {
        return Error(ErrorCode::kInvalidArgument,
                     std::string(origin) + ": " + key.yaml + ": " + seconds.error().message());
      }
      *static_cast<int*>(field) = *seconds;
      return base::Status::Ok();
    }
    case Kind::kBool: {
      const std::string lower = base::ToLower(base::Trim(text));
      *static_cast<bool*>(field) = lower == "true" || lower == "1" || lower == "yes";
      return base::Status::Ok();
    }
    case Kind::kList: {
      std::vector<std::string> items;
      for (const auto& part : base::Split(text, ',')) {
        if (auto t = base::Trim(part); !t.empty()) {
          items.emplace_back(t);
        }
      }
      *static_cast<std::vector<std::string>*>(field) = std::move(items);
      return base::Status::Ok();
    }
  }
  return base::Status::Ok();
}

// Flattens a YAML mapping to dotted keys ("r2.bucket"). Sequences become a
// comma-joined string (only list keys take them).
void Flatten(const YAML::Node& node, const std::string& prefix,
             std::map<std::string, std::string>& out) {
  for (const auto& item : node) {
    const std::string key = prefix + item.first.as<std::string>();
    const YAML::Node& value = item.second;
    if (value.IsMap()) {
      Flatten(value, key + ".", out);
    } else if (value.IsSequence()) {
      std::string joined;
      for (const auto& element : value) {
        joined += (joined.empty() ? "" : ",") + element.as<std::string>();
      }
      out[key] = joined;
    } else if (value.IsNull()) {
      out[key] = "";
    } else {
      out[key] = value.as<std::string>();
    }
  }
}

base::Result<std::map<std::string, std::string>> ReadYaml(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Error(ErrorCode::kNotFound, "config file " + path + " not found");
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    const YAML::Node root = YAML::Load(text.str());
    std::map<std::string, std::string> values;
    if (root.IsNull()) {
      return values;
    }
    if (!root.IsMap()) {
      return Error(ErrorCode::kInvalidArgument,
                   "config file " + path + ": top level is not a mapping");
    }
    Flatten(root, "", values);
    return values;
  } catch (const YAML::Exception& e) {
    return Error(ErrorCode::kInvalidArgument, "config file " + path + ": " + e.what());
  }
}

bool IsHttpUrl(const std::string& url) {
  for (const char* scheme : {"http://", "https://"}) {
    if (base::StartsWith(url, scheme)) {
      const std::string rest = url.substr(std::string_view(scheme).size());
      return !rest.empty() && rest[0] != '/' && rest.find(' ') == std::string::npos;
    }
  }
  return false;
}

}  // namespace

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe)
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

base::Status Validate(const Config& c) {
  auto invalid = [](const std::string& key, const std::string& why) {
    return Error(ErrorCode::kInvalidArgument, "invalid config " + key + ": " + why);
  };
  const std::pair<const char*, const std::string*> urls[] = {
      {"app_url", &c.app_url},
      {"r2.endpoint", &c.r2.endpoint},
      {"r2.cdn_public_url", &c.r2.cdn_public_url},
      {"discord_webhook_url", &c.discord_webhook_url},
      {"wporg.api_url", &c.wporg.api_url},
      {"wporg.plugins_svn_url", &c.wporg.plugins_svn_url},
      {"wporg.themes_svn_url", &c.wporg.themes_svn_url},
      {"advisories.feed_url", &c.advisories.feed_url},
  };
  for (const auto& [key, value] : urls) {
    if (!value->empty() && !IsHttpUrl(*value)) {
      return invalid(key, "not an http(s) URL: \"" + *value + "\"");
    }
  }
  const std::pair<const char*, int> non_negative[] = {
      {"session.lifetime_minutes", c.session_lifetime_minutes},
      {"telemetry.dedupe_window_seconds", c.telemetry_dedupe_window_seconds},
      {"discovery.api_timeout", c.discovery.api_timeout_seconds},
      {"discovery.retry_delay_ms", c.discovery.retry_delay_ms},
      {"discovery.svn_timeout", c.discovery.svn_timeout_seconds},
      {"discovery.max_retries", c.discovery.max_retries},
      {"backup.retention_days", c.backup.retention_days},
      {"health.max_build_age", c.health_max_build_age},
      {"scheduler.jitter", c.scheduler.jitter},
      {"scheduler.startup_delay", c.scheduler.startup_delay},
      {"scheduler.pipeline_watch", c.scheduler.pipeline_watch},
      {"scheduler.stop_grace", c.scheduler.stop_grace},
  };
  for (const auto& [key, value] : non_negative) {
    if (value < 0) {
      return invalid(key, "must not be negative (got " + std::to_string(value) + ")");
    }
  }
  const std::pair<const char*, int> percents[] = {
      {"discovery.min_listing_percent", c.discovery.min_listing_percent},
      {"update.max_failure_percent", c.update.max_failure_percent},
  };
  for (const auto& [key, value] : percents) {
    if (value < 0 || value > 100) {
      return invalid(key, "must be between 0 and 100 (got " + std::to_string(value) + ")");
    }
  }
  base::log::Level level{};
  if (!c.log_level.empty() && !base::log::ParseLevel(c.log_level, &level)) {
    return invalid("log_level", "must be debug, info, warn or error (got \"" + c.log_level + "\")");
  }
  if (!c.log_format.empty() && c.log_format != "text" && c.log_format != "json") {
    return invalid("log_format", "must be text or json (got \"" + c.log_format + "\")");
  }
  const std::pair<const char*, int> positive[] = {
      {"scheduler.pipeline_interval", c.scheduler.pipeline_interval},
      {"scheduler.aggregate_installs_interval", c.scheduler.aggregate_installs_interval},
      {"scheduler.check_status_interval", c.scheduler.check_status_interval},
      {"scheduler.cleanup_sessions_interval", c.scheduler.cleanup_sessions_interval},
      {"scheduler.generate_og_interval", c.scheduler.generate_og_interval},
      {"scheduler.backup_interval", c.scheduler.backup_interval},
      {"scheduler.advisories_interval", c.scheduler.advisories_interval},
      {"scheduler.job_timeout", c.scheduler.job_timeout},
  };
  for (const auto& [key, value] : positive) {
    if (value <= 0) {
      return invalid(key, "must be positive (got " + std::to_string(value) + ")");
    }
  }
  if (c.scheduler.pipeline_discover_source != "config" &&
      c.scheduler.pipeline_discover_source != "svn") {
    return invalid("scheduler.pipeline_discover_source", "must be config or svn");
  }
  if (c.db_path.empty()) {
    return invalid("db.path", "must not be empty");
  }
  return base::Status::Ok();
}

base::Result<LoadResult> Load(const std::string& yaml_path, const Environment& env,
                              const FlagOverrides& flags) {
  LoadResult result;
  const std::vector<Key> keys = Keys();
  if (!yaml_path.empty()) {
    WPP_ASSIGN_OR_RETURN(auto values, ReadYaml(yaml_path));
    std::set<std::string> known;
    for (const Key& key : keys) {
      known.insert(key.yaml);
      if (auto it = values.find(key.yaml); it != values.end()) {
        WPP_RETURN_IF_ERROR(Assign(result.config, key, it->second, yaml_path));
      }
    }
    for (const auto& [key, value] : values) {
      if (!known.count(key)) {
        result.warnings.push_back("unknown config key \"" + key + "\" in " + yaml_path);
      }
    }
  }
  for (const Key& key : keys) {
    for (const std::string& name : key.env) {
      if (auto value = env(name); value && !value->empty()) {
        WPP_RETURN_IF_ERROR(Assign(result.config, key, *value, "environment " + name));
      }
    }
  }
  if (!flags.db_path.empty()) {
    result.config.db_path = flags.db_path;
  }
  if (!flags.log_level.empty()) {
    result.config.log_level = flags.log_level;
  }
  if (!flags.log_format.empty()) {
    result.config.log_format = flags.log_format;
  }
  if (!flags.listen_addr.empty()) {
    result.config.listen_addr = flags.listen_addr;
  }
  WPP_RETURN_IF_ERROR(Validate(result.config));
  return result;
}

base::Result<int> ParseDuration(std::string_view text) {
  auto bad = [&] {
    return Error(ErrorCode::kInvalidArgument,
                 "not a duration (seconds, or 30s, 5m, 1h, 1d): \"" + std::string(text) + "\"");
  };
  const std::string t = base::ToLower(base::Trim(text));
  int64_t unit = 1;
  std::string_view digits = t;
  if (!t.empty()) {
    switch (t.back()) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      default:
        unit = 0;  // A digit (plain seconds) or an unknown unit.
        break;
    }
    if (unit != 0) {
      digits.remove_suffix(1);
    } else if (t.back() >= '0' && t.back() <= '9') {
      unit = 1;
    }
  }
  if (unit == 0) {
    return bad();
  }
  const auto value = base::ParseInt(digits);
  if (digits.empty() || !value || *value < 0 || *value > INT32_MAX / unit) {
    return bad();
  }
  return static_cast<int>(*value * unit);
}

std::vector<std::pair<std::string, std::string>> DescribeKeys() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Key& key : Keys()) {
    std::string env;
    for (const auto& name : key.env) {
      env += (env.empty() ? "" : " / ") + name;
    }
    out.emplace_back(key.yaml, env);
  }
  return out;
}

}  // namespace wpp::config
