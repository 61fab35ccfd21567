#include "config/config.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wpp::config {
namespace {

using ::testing::HasSubstr;

Environment MapEnv(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) {
      return std::nullopt;
    }
    return it->second;
  };
}

class ConfigTest : public ::testing::Test {
 protected:
  std::string WriteYaml(const std::string& text) {
    std::ofstream(path_) << text;
    return path_.string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::filesystem::path path_ = std::filesystem::temp_directory_path() /
                                ("wpp_config_test_" + std::to_string(::getpid()) + ".yaml");
};

TEST_F(ConfigTest, DefaultsMatchTheManual) {
  auto loaded = Load("", MapEnv({}), {});

  ASSERT_TRUE(loaded) << loaded.error().message();
  const Config& c = loaded->config;
  EXPECT_EQ(c.db_path, "./storage/wppackages.db");
  EXPECT_EQ(c.listen_addr, ":8080");
  EXPECT_EQ(c.env, "local");
  EXPECT_EQ(c.session_lifetime_minutes, 7200);
  EXPECT_EQ(c.telemetry_dedupe_window_seconds, 3600);
  EXPECT_EQ(c.discovery.concurrency, 10);
  EXPECT_EQ(c.discovery.max_retries, 3);
  EXPECT_EQ(c.r2.concurrency, 50);
  EXPECT_FALSE(c.r2.enabled);
  EXPECT_EQ(c.wporg.api_url, "https://api.wordpress.org");
  EXPECT_EQ(c.wporg.plugins_svn_url, "https://plugins.svn.wordpress.org");
}

TEST_F(ConfigTest, FlagsOverrideEnvWhichOverridesYaml) {
  const auto path = WriteYaml("db:\n  path: /yaml.db\nlog_level: warn\napp_url: http://yaml\n");
  auto env = MapEnv({{"DB_PATH", "/env.db"}, {"APP_URL", "http://env"}});

  auto loaded = Load(path, env, FlagOverrides{.db_path = "/flag.db"});

  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->config.db_path, "/flag.db");
  EXPECT_EQ(loaded->config.app_url, "http://env");
  EXPECT_EQ(loaded->config.log_level, "warn");
}

TEST_F(ConfigTest, EmptyEnvironmentValuesAreIgnored) {
  auto loaded = Load("", MapEnv({{"DB_PATH", ""}}), {});

  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->config.db_path, "./storage/wppackages.db");
}

TEST_F(ConfigTest, BothDeployR2VariablesEnableTheSync) {
  for (const char* name : {"WP_PACKAGES_DEPLOY_R2", "WP_COMPOSER_DEPLOY_R2"}) {
    auto loaded = Load("", MapEnv({{name, "TRUE"}}), {});
    ASSERT_TRUE(loaded);
    EXPECT_TRUE(loaded->config.r2.enabled) << name;
  }
  auto off = Load("", MapEnv({{"WP_PACKAGES_DEPLOY_R2", "no-thanks"}}), {});
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->config.r2.enabled);
}

TEST_F(ConfigTest, UnknownYamlKeysAreWarnedAbout) {
  const auto path = WriteYaml("r2:\n  bucket: b\n  buckett: typo\nmystery: 1\n");

  auto loaded = Load(path, MapEnv({}), {});

  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->config.r2.bucket, "b");
  ASSERT_EQ(loaded->warnings.size(), 2u);
  EXPECT_THAT(loaded->warnings[0], HasSubstr("mystery"));
  EXPECT_THAT(loaded->warnings[1], HasSubstr("r2.buckett"));
}

TEST_F(ConfigTest, InvalidValuesNameTheKey) {
  struct Case {
    std::map<std::string, std::string> env;
    std::string key;
  };
  const Case cases[] = {
      {{{"APP_URL", "not a url"}}, "app_url"},
      {{{"R2_ENDPOINT", "ftp://x"}}, "r2.endpoint"},
      {{{"SESSION_LIFETIME_MINUTES", "-5"}}, "session.lifetime_minutes"},
      {{{"DISCOVERY_CONCURRENCY", "ten"}}, "discovery.concurrency"},
      {{{"LOG_LEVEL", "loud"}}, "log_level"},
      {{{"WPORG_API_URL", "http://"}}, "wporg.api_url"},
  };
  for (const Case& c : cases) {
    auto loaded = Load("", MapEnv(c.env), {});

    ASSERT_FALSE(loaded) << c.key;
    EXPECT_EQ(loaded.error().code(), base::ErrorCode::kInvalidArgument);
    EXPECT_THAT(loaded.error().message(), HasSubstr(c.key));
  }
}

// docs/behaviour.md §14.4 and §14.5.
TEST_F(ConfigTest, FailureAndListingPercents) {
  auto defaults = Load("", MapEnv({}), {});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->config.update.max_failure_percent, 50);
  EXPECT_EQ(defaults->config.discovery.min_listing_percent, 90);

  auto yaml = Load(WriteYaml("update:\n  max_failure_percent: 80\n"
                             "discovery:\n  min_listing_percent: 0\n"),
                   MapEnv({}), {});
  ASSERT_TRUE(yaml) << yaml.error().message();
  EXPECT_EQ(yaml->config.update.max_failure_percent, 80);
  EXPECT_EQ(yaml->config.discovery.min_listing_percent, 0);
  EXPECT_TRUE(yaml->warnings.empty());

  auto env = Load(
      "", MapEnv({{"UPDATE_MAX_FAILURE_PERCENT", "100"}, {"DISCOVERY_MIN_LISTING_PERCENT", "75"}}),
      {});
  ASSERT_TRUE(env);
  EXPECT_EQ(env->config.update.max_failure_percent, 100);
  EXPECT_EQ(env->config.discovery.min_listing_percent, 75);

  auto bad = Load("", MapEnv({{"UPDATE_MAX_FAILURE_PERCENT", "101"}}), {});
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message(), HasSubstr("update.max_failure_percent"));
}

TEST_F(ConfigTest, MissingOrBrokenFileIsAnError) {
  auto missing = Load("/nonexistent/wpp.yaml", MapEnv({}), {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), base::ErrorCode::kNotFound);

  auto broken = Load(WriteYaml("a: [unclosed\n"), MapEnv({}), {});
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code(), base::ErrorCode::kInvalidArgument);
}

TEST_F(ConfigTest, TrustedProxiesParseFromCommaList) {
  auto loaded = Load("", MapEnv({{"TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1/32"}}), {});

  ASSERT_TRUE(loaded);
  EXPECT_THAT(loaded->config.trusted_proxies,
              ::testing::ElementsAre("10.0.0.0/8", "192.168.1.1/32"));
}

}  // namespace
}  // namespace wpp::config

namespace wpp::config {
namespace {

TEST(ParseDurationTest, SecondsAndUnits) {
  EXPECT_EQ(*ParseDuration("300"), 300);
  EXPECT_EQ(*ParseDuration("30s"), 30);
  EXPECT_EQ(*ParseDuration("5m"), 300);
  EXPECT_EQ(*ParseDuration(" 1H "), 3600);
  EXPECT_EQ(*ParseDuration("1d"), 86400);
  for (const char* bad : {"", "m", "5x", "-5m", "1.5h", "99999999999s"}) {
    EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
  }
}

TEST(ParseDurationTest, OlderTimeKeysTakeUnitsToo) {
  const std::map<std::string, std::string> vars = {{"DISCOVERY_API_TIMEOUT", "45s"},
                                                   {"DISCOVERY_SVN_TIMEOUT", "10m"},
                                                   {"TELEMETRY_DEDUPE_WINDOW_SECONDS", "2h"}};
  auto loaded = Load("", MapEnv(vars), {});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->config.discovery.api_timeout_seconds, 45);
  EXPECT_EQ(loaded->config.discovery.svn_timeout_seconds, 600);
  EXPECT_EQ(loaded->config.telemetry_dedupe_window_seconds, 7200);
  auto plain = Load("", MapEnv({{"DISCOVERY_API_TIMEOUT", "30"}}), {});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->config.discovery.api_timeout_seconds, 30);
  EXPECT_FALSE(Load("", MapEnv({{"DISCOVERY_API_TIMEOUT", "soon"}}), {}).ok());
}

TEST(ParseDurationTest, SchedulerKeysFromEnvironment) {
  const std::map<std::string, std::string> vars = {{"SCHEDULER_PIPELINE_INTERVAL", "1m"},
                                                   {"SCHEDULER_PIPELINE_WATCH", "5s"},
                                                   {"HEALTH_MAX_BUILD_AGE", "2h"},
                                                   {"METRICS_ALLOW", "10.0.0.0/8, ::1/128"},
                                                   {"LOG_DIR", "/var/log/wppackages"}};
  auto loaded = Load("", MapEnv(vars), {});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->config.scheduler.pipeline_interval, 60);
  EXPECT_EQ(loaded->config.scheduler.pipeline_watch, 5);
  EXPECT_EQ(loaded->config.scheduler.check_status_interval, 3600);
  EXPECT_EQ(loaded->config.health_max_build_age, 7200);
  EXPECT_EQ(loaded->config.metrics_allow, (std::vector<std::string>{"10.0.0.0/8", "::1/128"}));
  EXPECT_EQ(loaded->config.log_dir, "/var/log/wppackages");
}

}  // namespace
}  // namespace wpp::config
