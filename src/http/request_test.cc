// Middleware, the request context, repeated query keys, forms, cookies and
// the error boundary, over real loopback HTTP.

#include <memory>
#include <stdexcept>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "base/log.h"
#include "base/strings.h"
#include "http/client_ip.h"
#include "http/cookie.h"
#include "http/errors.h"
#include "http/form.h"
#include "http/server.h"
#include "io/http_client.h"

namespace wpp::http {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    out += (out.empty() ? "" : ",") + v;
  }
  return out;
}

std::string Render(const Values& values) {
  std::string out;
  for (const auto& [k, v] : values) {
    out += (out.empty() ? "" : "&") + k + "=" + v;
  }
  return out;
}

// A move-only stand-in for a database connection lease.
struct Lease {
  std::unique_ptr<std::string> name;
};

// Appends `tag` to the request on the way in and to the body on the way out.
Middleware Tagging(std::string tag) {
  return [tag](Request& request, const Handler& next) {
    request.headers.emplace_back("x-trail", tag);
    Response response = next(request);
    response.body += "<" + tag;
    return response;
  };
}

class RequestTest : public ::testing::Test {
 protected:
  void Start() {
    auto server = Server::Start(ServerOptions{.addr = "127.0.0.1:0", .max_body_bytes = 1024},
                                [this](Request& r) { return router_.Dispatch(r); });
    ASSERT_TRUE(server) << server.error().message();
    server_ = std::move(server).value();
  }

  io::HttpResponse Send(io::HttpRequest request) {
    request.url = "http://127.0.0.1:" + std::to_string(server_->port()) + request.url;
    auto response = client_->Send(request);
    EXPECT_TRUE(response) << response.error().message();
    return response ? *response : io::HttpResponse{};
  }

  static std::string Trail(const Request& request) {
    std::string trail;
    for (const auto& [name, value] : request.headers) {
      if (name == "x-trail") {
        trail += value + ">";
      }
    }
    return trail;
  }

  Router router_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<io::HttpClient> client_ = io::NewCurlHttpClient({});
};

TEST_F(RequestTest, RouterMiddlewareRunsInOrderAroundEveryAnswer) {
  router_.Use(Tagging("outer"));
  router_.Use(Tagging("inner"));
  router_.Get("/x", [](const Request& r) { return Response::Text(Trail(r) + "handler"); });
  router_.SetNotFound([](const Request& r) { return Response::Text(Trail(r) + "none", 404); });
  Start();

  EXPECT_EQ(Send({.url = "/x"}).body, "outer>inner>handler<inner<outer");
  EXPECT_EQ(Send({.url = "/missing"}).body, "outer>inner>none<inner<outer");
}

TEST_F(RequestTest, MiddlewareMayAnswerWithoutCallingTheHandler) {
  int calls = 0;
  const Middleware require_session = [](Request& request, const Handler& next) {
    if (!request.Cookie("session")) {
      return Response::Text("sign in\n", 403);
    }
    return next(request);
  };
  router_.Get("/admin", Chain({require_session}, [&calls](const Request&) {
                ++calls;
                return Response::Text("admin");
              }));
  router_.Get("/public", [](const Request&) { return Response::Text("public"); });
  Start();

  EXPECT_EQ(Send({.url = "/admin"}).status, 403);
  EXPECT_EQ(Send({.url = "/public"}).body, "public");
  EXPECT_EQ(Send({.url = "/admin", .headers = {{"Cookie", "session=s1"}}}).body, "admin");
  EXPECT_EQ(calls, 1);
}

TEST_F(RequestTest, ContextCarriesClientIpSessionRouteAndAttachedValues) {
  auto proxies = TrustedProxies::Parse({"127.0.0.0/8"});
  ASSERT_TRUE(proxies);
  router_.Use(proxies->ResolveClientIp());
  router_.Use([](Request& request, const Handler& next) {
    request.context.session = Session{.id = "s1", .user_id = 7, .is_admin = true};
    request.context.Set(Lease{std::make_unique<std::string>("conn-1")});
    return next(request);
  });
  router_.Get("/p2/:vendor/:file", [](const Request& r) {
    const Lease* lease = r.context.Get<Lease>();
    return Response::Text(r.context.client_ip + "|" + r.context.route + "|" +
                          std::to_string(r.context.session->user_id) + "|" +
                          (lease ? *lease->name : "none") + "|" +
                          (r.context.Get<int>() ? "int" : "no int"));
  });
  Start();

  EXPECT_EQ(Send({.url = "/p2/wp-plugin/a.json", .headers = {{"X-Forwarded-For", "1.2.3.4"}}}).body,
            "1.2.3.4|/p2/:vendor/:file|7|conn-1|no int");
}

TEST_F(RequestTest, ClientIpIsThePeerWithoutResolvingMiddleware) {
  router_.Get("/ip", [](const Request& r) { return Response::Text(r.context.client_ip); });
  Start();

  EXPECT_EQ(Send({.url = "/ip", .headers = {{"X-Forwarded-For", "1.2.3.4"}}}).body, "127.0.0.1");
}

TEST_F(RequestTest, RepeatedQueryKeysKeepEveryValueInOrder) {
  router_.Get("/q", [](const Request& r) {
    return Response::Text(Join(r.QueryAll("packages[]")) + "|" + Join(r.QueryAll("a")) + "|" +
                          r.Query("a") + "|" + r.Query("flag", "absent") + "|" +
                          r.Query("nope", "fallback") + "|" + Join(r.QueryAll("nope")));
  });
  Start();

  auto r = Send({.url = "/q?packages%5B%5D=wp-plugin%2Fa&a=2&packages%5B%5D=b%20c&a=1&flag"});

  EXPECT_EQ(r.body, "wp-plugin/a,b c|2,1|2||fallback|");
}

TEST_F(RequestTest, FormBodiesAreParsedWithRepeatedKeys) {
  router_.Post("/form", Fallible([](Request& r) -> base::Result<Response> {
                 WPP_ASSIGN_OR_RETURN(Values form, r.Form());
                 return Response::Text(Render(form));
               }));
  Start();
  const io::Headers form_type = {{"Content-Type", "application/x-www-form-urlencoded"}};

  auto ok = Send({.method = "POST",
                  .url = "/form",
                  .headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"}},
                  .body = "tag=b&name=J+D%C3%A9&tag=a&empty=&bare"});
  auto bad_escape = Send({.method = "POST", .url = "/form", .headers = form_type, .body = "a=%zz"});
  auto bad_utf8 = Send({.method = "POST", .url = "/form", .headers = form_type, .body = "a=%FF"});
  auto not_form = Send({.method = "POST",
                        .url = "/form",
                        .headers = {{"Content-Type", "application/json"}},
                        .body = "{}"});

  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "bare=&empty=&name=J Dé&tag=b&tag=a");
  EXPECT_EQ(bad_escape.status, 400);
  EXPECT_EQ(bad_utf8.status, 400);
  EXPECT_EQ(not_form.status, 400);
}

TEST_F(RequestTest, BodiesOverARoutesLimitAre413) {
  int calls = 0;
  router_.Post("/small", Chain({MaxBody(16)}, [&calls](const Request&) {
                 ++calls;
                 return Response::Text("ok");
               }));
  Start();

  EXPECT_EQ(Send({.method = "POST", .url = "/small", .body = std::string(16, 'x')}).status, 200);
  EXPECT_EQ(Send({.method = "POST", .url = "/small", .body = std::string(17, 'x')}).status, 413);
  EXPECT_EQ(Send({.method = "POST", .url = "/small", .body = std::string(2000, 'x')}).status, 413);
  EXPECT_EQ(calls, 1);
}

TEST_F(RequestTest, CookiesAreReadAndEverySetCookieHeaderIsSent) {
  router_.Get("/c", [](const Request& r) {
    Response response =
        Response::Text(r.Cookie("session").value_or("-") + "|" + r.Cookie("theme").value_or("-") +
                       "|" + r.Cookie("missing").value_or("-"));
    response.SetCookie("session", "new", {.max_age_seconds = 60});
    response.SetCookie("theme", "", {.max_age_seconds = 0, .same_site = ""});
    return response;
  });
  Start();

  auto r = Send({.url = "/c", .headers = {{"Cookie", "session=abc; theme=\"dark\""}}});

  EXPECT_EQ(r.body, "abc|dark|-");
  std::vector<std::string> set;
  for (const auto& [name, value] : r.headers) {
    if (name == "set-cookie") {
      set.push_back(value);
    }
  }
  EXPECT_THAT(set, ElementsAre("session=new; Path=/; Max-Age=60; HttpOnly; SameSite=Lax",
                               "theme=; Path=/; Max-Age=0; HttpOnly"));
}

TEST_F(RequestTest, ExceptionsBecomeLogged500sWithoutTheirMessage) {
  router_.Get("/throws/:id",
              [](const Request&) -> Response { throw std::runtime_error("secret detail 41"); });
  router_.Get("/throws-int", [](const Request&) -> Response { throw 42; });
  Start();

  auto r = Send({.url = "/throws/1"});
  auto unknown = Send({.url = "/throws-int"});

  EXPECT_EQ(r.status, 500);
  EXPECT_THAT(r.body, Not(HasSubstr("secret")));
  EXPECT_EQ(unknown.status, 500);
  const std::string log = Join(base::log::RecentRecords(20));
  EXPECT_THAT(log, HasSubstr("secret detail 41"));
  EXPECT_THAT(log, HasSubstr("/throws/:id"));
  EXPECT_THAT(log, HasSubstr("unknown exception"));
}

TEST_F(RequestTest, ReturnedErrorsMapToStatusesWithoutTheirMessage) {
  router_.Get("/fail/:code", Fallible([](Request& r) -> base::Result<Response> {
                const auto code = base::ParseInt(r.params.at("code"));
                return base::Error(static_cast<base::ErrorCode>(*code), "db path /secret");
              }));
  Start();

  auto missing = Send({.url = "/fail/" + std::to_string(int(base::ErrorCode::kNotFound))});
  auto busy = Send({.url = "/fail/" + std::to_string(int(base::ErrorCode::kUnavailable))});
  auto bug = Send({.url = "/fail/" + std::to_string(int(base::ErrorCode::kInternal))});

  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(bug.status, 500);
  for (const auto& r : {missing, busy, bug}) {
    EXPECT_THAT(r.body, Not(HasSubstr("secret")));
  }
  EXPECT_THAT(Join(base::log::RecentRecords(5)), HasSubstr("db path /secret"));
}

TEST(StatusForErrorTest, MapsEveryCode) {
  using base::ErrorCode;
  EXPECT_EQ(StatusForError(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(StatusForError(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(StatusForError(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusForError(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(StatusForError(ErrorCode::kFailedPrecondition), 409);
  EXPECT_EQ(StatusForError(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(StatusForError(ErrorCode::kDataLoss), 500);
  EXPECT_EQ(StatusForError(ErrorCode::kInternal), 500);
}

TEST(FormTest, DecodesEscapesAndPlus) {
  EXPECT_EQ(DecodeFormComponent("a+b%2Bc%3d%3D"), "a b+c==");
  EXPECT_EQ(DecodeFormComponent(""), "");
  EXPECT_FALSE(DecodeFormComponent("%"));
  EXPECT_FALSE(DecodeFormComponent("%4"));
  EXPECT_FALSE(DecodeFormComponent("%g0"));
}

TEST(FormTest, ParsesPairsSkippingEmptyPieces) {
  auto form = ParseForm("a=1&&b=x%26y=z&a=2&=v&");

  ASSERT_TRUE(form);
  EXPECT_THAT(*form,
              ElementsAre(Pair("", "v"), Pair("a", "1"), Pair("a", "2"), Pair("b", "x&y=z")));
  EXPECT_TRUE(ParseForm("")->empty());
  EXPECT_EQ(ParseForm("a=%2").error().code(), base::ErrorCode::kInvalidArgument);
}

TEST(CookieTest, ParsesPairsInOrder) {
  EXPECT_THAT(ParseCookies(" a=1;b = two ;junk; c=\"q\"; d="),
              ElementsAre(Pair("a", "1"), Pair("b", "two"), Pair("c", "q"), Pair("d", "")));
}

TEST(CookieTest, WritesEveryAttribute) {
  EXPECT_EQ(SetCookieValue("session", "", {.max_age_seconds = 0, .expires_unix = 0}),
            "session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; "
            "SameSite=Lax");
  EXPECT_EQ(SetCookieValue("id", "x1", {.path = "/admin", .secure = true, .same_site = "Strict"}),
            "id=x1; Path=/admin; HttpOnly; Secure; SameSite=Strict");
}

}  // namespace
}  // namespace wpp::http
