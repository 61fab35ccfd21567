// A router with the site's middleware and pages over a small catalogue (tests only).

#pragma once

#include <memory>
#include <string>

#include "gtest/gtest.h"

#include "base/strings.h"
#include "base/text.h"
#include "db/pool.h"
#include "http/server.h"
#include "testutil/test_db.h"
#include "web/middleware.h"
#include "web/pages.h"
#include "web/renderer.h"

namespace wpp::web {

class PageFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = tmp_.file("wpp.db");
    auto db = db::Database::Open(path);
    ASSERT_TRUE(db && (*db)->Migrate());
    db_ = std::move(db).value();
    ASSERT_TRUE(
        db_->Exec("INSERT INTO packages (id, type, name, display_name, description, author, "
                  "homepage, versions_json, current_version, wporg_version, is_active, "
                  "active_installs, wp_packages_installs_total, last_committed, created_at, "
                  "updated_at) VALUES "
                  "(1, 'plugin', 'woocommerce', 'WooCommerce', 'Sell anything', 'Automattic', "
                  "'https://woo.example', '{\"9.0\":\"u\",\"9.1\":\"u\",\"dev-trunk\":\"u\"}', "
                  "'9.1', '9.1', 1, 5000000, 900, '2026-01-02', 'x', 'u1'), "
                  "(2, 'plugin', 'akismet', 'Akismet', 'Spam filter', 'Automattic', "
                  "'javascript:alert(1)', '{\"5.3\":\"u\"}', '5.3', '5.4', 1, 6000000, 800, "
                  "'2026-01-03', 'x', 'u2'), "
                  "(3, 'theme', 'astra', 'Astra', 'A theme', 'Brainstorm', '', '{}', NULL, "
                  "NULL, 1, 100, 10, '2026-01-01', 'x', 'u3'), "
                  "(4, 'plugin', 'gone', 'Gone', 'Closed', '', '', '{}', NULL, NULL, 0, 0, 0, "
                  "NULL, 'x', 'u4'), "
                  "(5, 'plugin', 'trunky', '<script>alert(1)</script>', "
                  "'\"><img src=x onerror=alert(1)>', '<b>me</b>', 'https://ok.example', "
                  "'{\"dev-trunk\":\"u\"}', NULL, '1.0', 1, 1, 1, NULL, 'x', 'u5');"
                  "UPDATE packages SET closed_date = '2026-01-05', closed_reason_text = "
                  "'Security Issue' WHERE id = 4;"
                  "INSERT INTO package_versions VALUES (1, '9.1', '2026-01-02T00:00:00Z', 'svn');"
                  "INSERT INTO monthly_installs (package_id, month, installs) VALUES "
                  "(1, '2026-01', 400), (1, '2026-02', 500);"
                  "UPDATE package_stats SET active_plugins = 3, active_themes = 1, "
                  "plugin_installs = 1700, theme_installs = 10")
            .ok());
    auto pool = db::ConnectionPool::Open(path, 2);
    ASSERT_TRUE(pool);
    pool_ = std::move(pool).value();
    auto renderer = Renderer::Create({.site_name = "Example", .app_url = "", .footer_text = {}});
    ASSERT_TRUE(renderer);
    renderer_ = std::move(renderer).value();
    RegisterSite(router_, *renderer_);
    RegisterPages(router_, *pool_, *renderer_,
                  {.app_url = "", .og_image_url = {}, .recent_window = recent_window_});
  }

  // Pages checked this recently are answered from memory (0: never).
  std::chrono::seconds recent_window_{0};

  // `may_block` false: as a connection thread tries an inline_first route.
  http::Response Get(std::string path, http::Headers headers = {}, bool may_block = true) {
    http::Request r;
    r.may_block = may_block;
    r.method = "GET";
    const size_t q = path.find('?');
    if (q != std::string::npos) {
      for (const std::string& pair : base::Split(path.substr(q + 1), '&')) {
        const size_t eq = pair.find('=');
        r.query.emplace(base::FormDecode(pair.substr(0, eq)),
                        eq == std::string::npos ? "" : base::FormDecode(pair.substr(eq + 1)));
      }
      path.resize(q);
    }
    r.path = path;
    r.headers = std::move(headers);
    return Flat(router_.Dispatch(r));
  }

  // The body in `body`, also when the answer shares cached bytes.
  static http::Response Flat(http::Response r) {
    if (r.shared_body) {
      r.body = *r.shared_body;
      r.shared_body.reset();
    }
    return r;
  }

  static std::string Header(const http::Response& r, std::string_view name) {
    return ResponseHeader(r, name);
  }

  testutil::TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<Renderer> renderer_;
  http::Router router_;
};

}  // namespace wpp::web
