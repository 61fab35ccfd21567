#include "admin/admin_area.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "admin/audit_store.h"
#include "auth/session_store.h"
#include "auth/user_store.h"
#include "base/hash.h"
#include "base/text.h"
#include "io/http_client.h"
#include "testutil/fake_clock.h"
#include "testutil/fake_http_client.h"
#include "testutil/test_db.h"

namespace wpp::admin {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "correct horse battery";

// The value of the cookie `name` set by a response ("" when not set).
std::string SetCookie(const io::HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == "set-cookie" && v.starts_with(std::string(name) + "=")) {
      return v;
    }
  }
  return {};
}

std::string CookieValue(const std::string& set_cookie) {
  const size_t eq = set_cookie.find('=');
  return set_cookie.substr(eq + 1, set_cookie.find(';') - eq - 1);
}

// The value="" of the first hidden csrf input of a page.
std::string CsrfField(const std::string& html) {
  const std::string marker = "name=\"csrf\" value=\"";
  const size_t at = html.find(marker);
  if (at == std::string::npos) {
    return {};
  }
  const size_t start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

class AdminAreaTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }

  void Start(AdminOptions options) {
    server_.reset();
    area_.reset();
    const std::string db_path = tmp_.file("wpp.db");
    if (!db_) {
      auto db = db::Database::Open(db_path);
      ASSERT_TRUE(db && (*db)->Migrate());
      db_ = std::move(db).value();
      auth::UserStore users(*db_, clock_);
      ASSERT_TRUE(users.CreateAdmin("admin@example.com", "Admin", kPassword));
      ASSERT_TRUE(users.CreateAdmin("plain@example.com", "Plain", kPassword));
      ASSERT_TRUE(
          db_->Exec("UPDATE users SET is_admin = 0 WHERE email = 'plain@example.com'").ok());
      pool_ = std::move(db::ConnectionPool::Open(db_path, 3)).value();
      proxies_ = std::move(http::TrustedProxies::Parse({"127.0.0.0/8"})).value();
      wporg_http_.SetFallback([](const io::HttpRequest& r) -> base::Result<io::HttpResponse> {
        if (r.url.find("closed-one") != std::string::npos) {
          return io::HttpResponse{
              .status = 404,
              .headers = {},
              .body = R"({"error":"closed","description":"Gone. This closure is permanent."})"};
        }
        if (r.url.find("missing") != std::string::npos) {
          return io::HttpResponse{.status = 404, .headers = {}, .body = R"({"error":"not found"})"};
        }
        return io::HttpResponse{
            .status = 200, .headers = {}, .body = R"({"slug":"akismet","name":"<b>Akismet</b>"})"};
      });
      wporg_ = std::make_unique<wporg::Client>(
          wporg_http_, clock_,
          wporg::ClientOptions{.api_url = "http://wporg.test", .max_attempts = 1});
    }
    options.log_dir = tmp_.path().string();
    options.log_stream.max_age = std::chrono::milliseconds(300);
    options.log_stream.poll = std::chrono::milliseconds(20);
    Operations ops{
        .deploy = [this](bool rollback, const std::string& id) -> base::Result<std::string> {
          deploys_.push_back((rollback ? "rollback:" : "promote:") + id);
          if (id == "bad") {
            return base::Error(base::ErrorCode::kFailedPrecondition, "build bad does not validate");
          }
          current_ = id.empty() ? "previous" : id;
          return current_;
        },
        .current_build = [this] { return current_; },
        .launch = [this](const std::string& job,
                         const std::vector<std::string>& args) -> base::Status {
          if (job == "pipeline" && pipeline_running_) {
            return base::Error(base::ErrorCode::kUnavailable, "pipeline already running");
          }
          launched_.push_back(job + (args.empty() ? "" : ":" + args[0] + "/" + args[1]));
          return base::Status::Ok();
        }};
    if (!renderer_) {
      renderer_ = std::move(web::Renderer::Create({})).value();
    }
    area_ =
        std::make_unique<AdminArea>(options, *pool_, clock_, proxies_, *wporg_, *renderer_, ops);
    router_ = std::make_unique<http::Router>();
    area_->Register(*router_);
    server_ = std::move(
        http::Server::Start(
            {.route_options = [this](std::string_view m,
                                     std::string_view p) { return router_->OptionsFor(m, p); }},
            [this](http::Request& r) { return router_->Dispatch(r); })
            .value());
  }

  std::string Url(const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }

  io::HttpResponse Send(io::HttpRequest request) {
    request.url = Url(request.url);
    request.follow_redirects = false;
    auto r = client_->Send(request);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : io::HttpResponse{};
  }
  io::HttpResponse Get(const std::string& path, const std::string& cookie = "") {
    io::HttpRequest r{.url = path};
    if (!cookie.empty()) {
      r.headers.emplace_back("Cookie", cookie);
    }
    return Send(r);
  }
  io::HttpResponse Post(const std::string& path, const std::string& form, const std::string& cookie,
                        io::Headers extra = {}) {
    io::HttpRequest r{.method = "POST", .url = path, .headers = std::move(extra), .body = form};
    r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    if (!cookie.empty()) {
      r.headers.emplace_back("Cookie", cookie);
    }
    return Send(r);
  }

  // The login form's token and cookie.
  std::pair<std::string, std::string> LoginCsrf() {
    const io::HttpResponse page = Get("/admin/login");
    const std::string cookie = SetCookie(page, "admin_login_csrf");
    return {CsrfField(page.body), "admin_login_csrf=" + CookieValue(cookie)};
  }

  io::HttpResponse Login(const std::string& email, const std::string& password,
                         const std::string& extra_cookie = "", io::Headers headers = {}) {
    auto [csrf, cookie] = LoginCsrf();
    return Post("/admin/login",
                "email=" + base::FormEncode(email) + "&password=" + base::FormEncode(password) +
                    "&csrf=" + csrf,
                cookie + (extra_cookie.empty() ? "" : "; " + extra_cookie), std::move(headers));
  }

  // Signs in as the admin; returns "session=<token>".
  std::string SignIn(const std::string& previous = "") {
    const io::HttpResponse r = Login("admin@example.com", kPassword, previous);
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.Header("location"), "/admin");
    return "session=" + CookieValue(SetCookie(r, "session"));
  }

  // The CSRF token the pages of this session carry.
  std::string PageCsrf(const std::string& session) {
    return CsrfField(Get("/admin/sessions", session).body);
  }

  testutil::TempDir tmp_;
  testutil::FakeClock clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<db::ConnectionPool> pool_;
  http::TrustedProxies proxies_;
  testutil::FakeHttpClient wporg_http_;
  std::unique_ptr<wporg::Client> wporg_;
  std::vector<std::string> deploys_;
  std::vector<std::string> launched_;
  std::string current_ = "20260101-000000";
  bool pipeline_running_ = false;
  std::unique_ptr<web::Renderer> renderer_;
  std::unique_ptr<AdminArea> area_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<io::HttpClient> client_ = io::NewCurlHttpClient({});
};

TEST_F(AdminAreaTest, LoginPageEscapesTheErrorAndIsNotIndexed) {
  const io::HttpResponse r = Get("/admin/login?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, AllOf(HasSubstr("Admin Login"), HasSubstr("&lt;script&gt;alert(1)"),
                            Not(HasSubstr("<script>alert"))));
  EXPECT_EQ(r.Header("x-robots-tag"), "noindex, nofollow");
  // The site's own stylesheet and layout look (docs/behaviour.md §19.8); no
  // stylesheet of the area's own, no inline style.
  EXPECT_THAT(
      r.body,
      AllOf(HasSubstr("<link rel=\"stylesheet\" href=\"" + renderer_->AssetUrl("app.css") + "\">"),
            HasSubstr("<meta name=\"color-scheme\" content=\"light dark\">"),
            HasSubstr("<meta name=\"robots\" content=\"noindex, nofollow\">"),
            Not(HasSubstr("admin.css")), Not(HasSubstr("<style")), Not(HasSubstr("style=\""))));
  EXPECT_EQ(Get("/admin/admin.css").status, 303);
  const std::string csrf = SetCookie(r, "admin_login_csrf");
  EXPECT_THAT(csrf, AllOf(HasSubstr("HttpOnly"), HasSubstr("SameSite=Strict")));
}

TEST_F(AdminAreaTest, NoAdminRouteAnswersWithoutASession) {
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/admin"},
      {"GET", "/admin/logs"},
      {"GET", "/admin/logs/stream?file=pipeline"},
      {"GET", "/admin/wporg-check?type=plugin&slug=akismet"},
      {"GET", "/admin/admin.js"},
      {"GET", "/admin/builds"},
      {"GET", "/admin/runs"},
      {"GET", "/admin/sessions"},
      {"GET", "/admin/audit"},
      {"GET", "/admin/nope"},
      {"POST", "/admin/builds/promote"},
      {"POST", "/admin/builds/rollback"},
      {"POST", "/admin/pipeline/run"},
      {"POST", "/admin/packages/resync"},
      {"POST", "/admin/sessions/revoke"},
      {"POST", "/admin/anything"}};
  for (const auto& [method, path] : routes) {
    for (const std::string& cookie : {std::string(), std::string("session=forged-token-value"),
                                      "session=" + std::string(43, 'A')}) {
      io::HttpRequest request{.method = method, .url = path, .body = "confirm=yes"};
      if (!cookie.empty()) {
        request.headers.emplace_back("Cookie", cookie);
      }
      const io::HttpResponse r = Send(request);
      EXPECT_EQ(r.status, 303) << method << " " << path;
      EXPECT_EQ(r.Header("location"), "/admin/login") << path;
      EXPECT_EQ(r.Header("x-robots-tag"), "noindex, nofollow") << path;
      EXPECT_EQ(r.body, "") << path;
    }
  }
  EXPECT_TRUE(deploys_.empty());
  EXPECT_TRUE(launched_.empty());
}

TEST_F(AdminAreaTest, SignInSetsAHardenedCookieAndOpensTheArea) {
  const io::HttpResponse r = Login("admin@example.com", kPassword);
  ASSERT_EQ(r.status, 303);
  const std::string cookie = SetCookie(r, "session");
  EXPECT_THAT(cookie, AllOf(HasSubstr("HttpOnly"), HasSubstr("SameSite=Lax"), HasSubstr("Secure"),
                            HasSubstr("Path=/"), HasSubstr("Max-Age=432000")));
  const std::string session = "session=" + CookieValue(cookie);
  const io::HttpResponse page = Get("/admin", session);
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, AllOf(HasSubstr("admin@example.com"), HasSubstr("wp.org API check"),
                               Not(HasSubstr("role=\"alert\"")), Not(HasSubstr("role=\"status\"")),
                               HasSubstr("<a href=\"/admin\" class=\""),
                               HasSubstr("aria-current=\"page\">Logs</a>")));
  EXPECT_EQ(page.Header("x-robots-tag"), "noindex, nofollow");
  // Signed in, the login page sends to the area.
  EXPECT_EQ(Get("/admin/login", session).status, 303);
  EXPECT_EQ(Get("/admin/nope", session).status, 404);
}

TEST_F(AdminAreaTest, CookieIsNotSecureForAPlainHttpAppUrl) {
  Start({.app_url = "http://localhost:8080"});
  const io::HttpResponse r = Login("admin@example.com", kPassword);
  EXPECT_THAT(SetCookie(r, "session"), AllOf(HasSubstr("HttpOnly"), Not(HasSubstr("Secure"))));
}

TEST_F(AdminAreaTest, LoginNeedsItsCsrfTokenAndTheSameOrigin) {
  auto [csrf, cookie] = LoginCsrf();
  const std::string form = "email=admin%40example.com&password=correct+horse+battery";
  EXPECT_EQ(Post("/admin/login", form, cookie).status, 403);                     // No token.
  EXPECT_EQ(Post("/admin/login", form + "&csrf=" + csrf, "").status, 403);       // No cookie.
  EXPECT_EQ(Post("/admin/login", form + "&csrf=x" + csrf, cookie).status, 403);  // Wrong token.
  EXPECT_EQ(Post("/admin/login", form + "&csrf=" + csrf, cookie, {{"Sec-Fetch-Site", "cross-site"}})
                .status,
            403);
  EXPECT_EQ(
      Post("/admin/login", form + "&csrf=" + csrf, cookie, {{"Origin", "https://evil.example"}})
          .status,
      403);
  EXPECT_EQ(
      Post("/admin/login", form + "&csrf=" + csrf, cookie, {{"Sec-Fetch-Site", "same-origin"}})
          .status,
      303);
}

TEST_F(AdminAreaTest, StateChangesNeedTheSessionsCsrfToken) {
  const std::string session = SignIn();
  const std::string csrf = PageCsrf(session);
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(Post("/admin/builds/rollback", "confirm=yes", session).status, 403);
  EXPECT_EQ(
      Post("/admin/builds/rollback", "confirm=yes&csrf=" + std::string(64, 'a'), session).status,
      403);
  // Another session's token is no good either.
  const std::string other = SignIn();
  EXPECT_EQ(Post("/admin/builds/rollback", "confirm=yes&csrf=" + PageCsrf(other), session).status,
            403);
  // Cross-origin, even with the token.
  EXPECT_EQ(
      Post("/admin/builds/rollback", "confirm=yes&csrf=" + csrf, session, {{"Origin", "null"}})
          .status,
      403);
  EXPECT_TRUE(deploys_.empty());
  const io::HttpResponse ok = Post("/admin/builds/rollback", "confirm=yes&csrf=" + csrf, session);
  EXPECT_EQ(ok.status, 303);
  EXPECT_THAT(ok.Header("location"), HasSubstr("notice="));
  EXPECT_EQ(deploys_, std::vector<std::string>{"rollback:"});
}

TEST_F(AdminAreaTest, ActionsAskForConfirmationAndAreAudited) {
  const std::string session = SignIn();
  const std::string csrf = "csrf=" + PageCsrf(session);
  EXPECT_THAT(
      Post("/admin/builds/promote", csrf + "&build=20260202-000000", session).Header("location"),
      HasSubstr("error=please+confirm"));
  EXPECT_TRUE(deploys_.empty());
  Post("/admin/builds/promote", csrf + "&confirm=yes&build=20260202-000000", session);
  Post("/admin/builds/promote", csrf + "&confirm=yes&build=bad", session);
  Post("/admin/packages/resync", csrf + "&confirm=yes&type=plugin&slug=akismet", session);
  EXPECT_THAT(
      Post("/admin/packages/resync", csrf + "&confirm=yes&type=plugin&slug=..%2Fetc", session)
          .Header("location"),
      HasSubstr("error=not+a+package"));
  Post("/admin/pipeline/run", csrf + "&confirm=yes", session);
  pipeline_running_ = true;
  EXPECT_THAT(Post("/admin/pipeline/run", csrf + "&confirm=yes", session).Header("location"),
              HasSubstr("error=pipeline+refused"));
  EXPECT_EQ(deploys_, (std::vector<std::string>{"promote:20260202-000000", "promote:bad"}));
  EXPECT_EQ(launched_, (std::vector<std::string>{"resync:plugin/akismet", "pipeline"}));

  const io::HttpResponse audit = Get("/admin/audit", session);
  EXPECT_EQ(audit.status, 200);
  EXPECT_THAT(audit.body, AllOf(HasSubstr("promote"), HasSubstr("20260202-000000"),
                                HasSubstr("build bad does not validate"), HasSubstr("resync"),
                                HasSubstr("plugin/akismet"), HasSubstr("pipeline already running"),
                                HasSubstr("login")));
  EXPECT_THAT(Get("/admin/builds", session).body, HasSubstr("20260202-000000"));
}

TEST_F(AdminAreaTest, OldTokensStopWorkingAfterReLoginResetAndLogout) {
  const std::string first = SignIn();
  const std::string second = SignIn(first);
  EXPECT_NE(first, second);
  EXPECT_EQ(Get("/admin", first).status, 303);
  EXPECT_EQ(Get("/admin", second).status, 200);

  auth::UserStore users(*db_, clock_);
  ASSERT_TRUE(users.ResetPassword("admin@example.com", "a brand new password").ok());
  EXPECT_EQ(Get("/admin", second).status, 303);

  const io::HttpResponse relog = Login("admin@example.com", "a brand new password");
  const std::string third = "session=" + CookieValue(SetCookie(relog, "session"));
  EXPECT_EQ(Get("/admin", third).status, 200);
  EXPECT_EQ(Post("/admin/logout", "", third).status, 403);  // Without the token.
  const io::HttpResponse out = Post("/admin/logout", "csrf=" + PageCsrf(third), third);
  EXPECT_EQ(out.status, 303);
  EXPECT_THAT(SetCookie(out, "session"), HasSubstr("Max-Age=0"));
  EXPECT_EQ(Get("/admin", third).status, 303);
}

TEST_F(AdminAreaTest, RevokingASessionEndsIt) {
  const std::string mine = SignIn();
  const std::string other = SignIn();
  auth::SessionStore store(*db_, clock_);
  const std::string other_id = base::Sha256Hex(other.substr(8));
  const io::HttpResponse page = Get("/admin/sessions", mine);
  EXPECT_THAT(page.body, AllOf(HasSubstr(other_id), HasSubstr("this session")));
  EXPECT_EQ(Post("/admin/sessions/revoke",
                 "confirm=yes&session=" + other_id + "&csrf=" + PageCsrf(mine), mine)
                .status,
            303);
  EXPECT_EQ(Get("/admin", other).status, 303);
  EXPECT_EQ(Get("/admin", mine).status, 200);
}

TEST_F(AdminAreaTest, ANonAdminGets403) {
  auth::SessionStore store(*db_, clock_);
  auto plain = auth::UserStore(*db_, clock_).FindByEmail("plain@example.com");
  auto token = store.Open(plain->id, std::chrono::minutes(10), "", "");
  ASSERT_TRUE(token);
  EXPECT_EQ(Get("/admin", "session=" + *token).status, 403);
  EXPECT_EQ(Get("/admin/builds", "session=" + *token).status, 403);
}

TEST_F(AdminAreaTest, OneAnswerAndOnePasswordCheckForEveryKindOfFailure) {
  const io::HttpResponse unknown = Login("ghost@example.com", "whatever password");
  const io::HttpResponse wrong = Login("admin@example.com", "not the password");
  const io::HttpResponse plain = Login("plain@example.com", kPassword);
  EXPECT_EQ(area_->password_checks(), 3);
  for (const auto* r : {&unknown, &wrong, &plain}) {
    EXPECT_EQ(r->status, 303);
    EXPECT_EQ(r->Header("location"), "/admin/login?error=invalid+credentials");
    EXPECT_EQ(SetCookie(*r, "session"), "");
  }
  EXPECT_EQ(Login("", "").Header("location"), "/admin/login?error=email+and+password+required");
}

TEST_F(AdminAreaTest, TheNinthFailureFromOneAddressIsBlocked) {
  for (int i = 0; i < 8; ++i) {
    // Different accounts: only the address is common.
    const io::HttpResponse r = Login("user" + std::to_string(i) + "@example.com", "wrong password",
                                     "", {{"X-Real-IP", "203.0.113.10"}});
    EXPECT_EQ(r.Header("location"), "/admin/login?error=invalid+credentials") << i;
  }
  const int64_t checks = area_->password_checks();
  const io::HttpResponse ninth =
      Login("admin@example.com", kPassword, "", {{"X-Real-IP", "203.0.113.10"}});
  EXPECT_EQ(ninth.Header("location"), "/admin/login?error=too+many+attempts");
  EXPECT_EQ(area_->password_checks(), checks);  // Refused before any work.
  // Another address still signs in; after 15 minutes the first one may again.
  EXPECT_EQ(
      Login("admin@example.com", kPassword, "", {{"X-Real-IP", "203.0.113.11"}}).Header("location"),
      "/admin");
  clock_.Advance(std::chrono::minutes(15));
  EXPECT_EQ(
      Login("admin@example.com", kPassword, "", {{"X-Real-IP", "203.0.113.10"}}).Header("location"),
      "/admin");
}

TEST_F(AdminAreaTest, EightFailuresOnOneAccountBlockIt) {
  for (int i = 0; i < 8; ++i) {
    Login("admin@example.com", "wrong password", "",
          {{"X-Real-IP", "198.51.100." + std::to_string(i + 1)}});
  }
  EXPECT_EQ(Login("admin@example.com", kPassword, "", {{"X-Real-IP", "198.51.100.99"}})
                .Header("location"),
            "/admin/login?error=too+many+attempts");
}

// Login time for an unknown email and for a wrong password: the same argon2id
// work, so the medians are close. The bound is tolerant (a shared machine);
// the count of verifications above is the exact check.
TEST_F(AdminAreaTest, UnknownEmailAndWrongPasswordTakeTheSameTime) {
  Start({.limits = {.max_failures = 1000}});
  // Interleaved, so a busy moment of the machine slows both kinds alike.
  auto timed = [&](const std::string& email) {
    auto [csrf, cookie] = LoginCsrf();
    const std::string form =
        "email=" + base::FormEncode(email) + "&password=wrong+password&csrf=" + csrf;
    const auto t0 = std::chrono::steady_clock::now();
    Post("/admin/login", form, cookie);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  };
  std::vector<double> unknown_ms;
  std::vector<double> wrong_ms;
  for (int i = 0; i < 20; ++i) {
    unknown_ms.push_back(timed("ghost@example.com"));
    wrong_ms.push_back(timed("admin@example.com"));
  }
  auto median = [](std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    return (ms[9] + ms[10]) / 2;
  };
  const double unknown = median(unknown_ms);
  const double wrong = median(wrong_ms);
  const double ratio = unknown / wrong;
  std::printf("login median: unknown email %.1f ms, wrong password %.1f ms, ratio %.3f\n", unknown,
              wrong, ratio);
  EXPECT_GT(ratio, 0.75);
  EXPECT_LT(ratio, 1.33);
}

TEST_F(AdminAreaTest, WporgCheckClassifiesAndEscapes) {
  const std::string session = SignIn();
  io::HttpResponse r = Get("/admin/wporg-check?type=plugin&slug=closed-one", session);
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, AllOf(HasSubstr("\"status\":\"closed_permanent\""),
                            HasSubstr("\"http_status\":404")));
  r = Get("/admin/wporg-check?type=plugin&slug=missing", session);
  EXPECT_THAT(r.body, HasSubstr("\"status\":\"error\""));
  r = Get("/admin/wporg-check?type=widget&slug=x", session);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"error":"type must be plugin or theme","status":"error"})");
  r = Get("/admin/wporg-check?type=theme&slug=%20", session);
  EXPECT_EQ(r.body, R"({"error":"slug is required","status":"error"})");
  // The page: hostile slug and payload escaped.
  r = Get("/admin?type=plugin&slug=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", session);
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body,
              AllOf(HasSubstr("&lt;img src=x onerror=alert(1)&gt;"), Not(HasSubstr("<img src=x")),
                    HasSubstr("&lt;b&gt;Akismet&lt;/b&gt;"), HasSubstr("Open")));
  r = Get("/admin/builds?error=%3Cscript%3Ex%3C%2Fscript%3E&notice=%22%3E%3Csvg%3E", session);
  EXPECT_THAT(r.body, AllOf(HasSubstr("&lt;script&gt;x"), Not(HasSubstr("<script>x")),
                            HasSubstr("&quot;&gt;&lt;svg&gt;")));
}

TEST_F(AdminAreaTest, LogStreamSendsTheTailThenEnds) {
  const std::string session = SignIn();
  {
    std::ofstream log(tmp_.file("pipeline.log"));
    for (int i = 1; i <= 250; ++i) {
      log << "line " << i << "\n";
    }
  }
  const io::HttpResponse r = Get("/admin/logs/stream?file=pipeline", session);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/event-stream");
  EXPECT_EQ(r.Header("cache-control"), "no-cache");
  EXPECT_THAT(r.body, AllOf(HasSubstr("data: line 51\n\n"), HasSubstr("data: line 250\n\n"),
                            Not(HasSubstr("data: line 50\n")), HasSubstr("event: end")));
  EXPECT_EQ(Get("/admin/logs/stream?file=..%2Fetc%2Fpasswd", session).status, 400);
  const io::HttpResponse waiting = Get("/admin/logs/stream?file=check-status", session);
  EXPECT_THAT(waiting.body, HasSubstr("data: Waiting for check-status.log ..."));
  // Each stream gives its slot back once the server has let go of it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (area_->open_log_streams() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_EQ(area_->open_log_streams(), 0);
}

TEST_F(AdminAreaTest, LogStreamsAreCapped) {
  Start({.max_log_streams = 0});
  const std::string session = SignIn();
  EXPECT_EQ(Get("/admin/logs/stream?file=pipeline", session).status, 503);
}

}  // namespace
}  // namespace wpp::admin
