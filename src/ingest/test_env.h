// Shared fixture for the ingest tests: an in-memory database, a fake clock
// and a fake WordPress.org answering from the project's testdata.

#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

#include "ingest/env.h"
#include "packages/package_store.h"
#include "testutil/fake_clock.h"
#include "testutil/fake_http_client.h"
#include "testutil/test_db.h"
#include "wporg/client.h"

namespace wpp::ingest {

inline std::string ReadTestdata(const std::string& path) {
  std::ifstream in(std::string(WPP_SOURCE_DIR) + "/testdata/" + path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class IngestTest : public ::testing::Test {
 protected:
  IngestTest() {
    config_.wporg.api_url = "http://api.test";
    config_.wporg.plugins_svn_url = "http://svn.test/plugins";
    config_.wporg.themes_svn_url = "http://svn.test/themes";
    config_.discovery.retry_delay_ms = 10;
    config_.discovery.concurrency = 4;
  }

  Env env() { return Env{*db_, clock_, http_, config_, &stop_}; }
  wporg::Client client() { return wporg::Client(http_, clock_, wporg::OptionsFromConfig(config_)); }

  std::string InfoUrl(wporg::PackageType type, const std::string& slug) {
    return client().InfoUrl(type, slug);
  }
  void ServeFixture(wporg::PackageType type, const std::string& slug) {
    const std::string dir = type == wporg::PackageType::kPlugin ? "plugins" : "themes";
    http_.Respond(InfoUrl(type, slug), 200, ReadTestdata("wporg/" + dir + "/" + slug + ".json"));
  }
  void Shell(const std::string& type, const std::string& name) {
    const packages::ShellEntry entry{name, std::nullopt};
    ASSERT_EQ(store_.UpsertShells(type, std::span(&entry, 1)).value(), 0);
  }

  std::string Text(const std::string& sql) {
    SQLite::Statement q(db_->sql(), sql);
    return q.executeStep() && !q.getColumn(0).isNull() ? q.getColumn(0).getString() : "NULL";
  }
  int64_t Int(const std::string& sql) { return db_->sql().execAndGet(sql).getInt64(); }

  config::Config config_;
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  testutil::FakeClock clock_;
  testutil::FakeHttpClient http_;
  std::atomic<bool> stop_{false};
  packages::PackageStore store_{*db_, clock_};
};

}  // namespace wpp::ingest
