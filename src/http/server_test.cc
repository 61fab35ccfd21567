#include "http/server.h"

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "io/http_client.h"

namespace wpp::http {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Get("/hello",
                [](const Request& r) { return Response::Text("hi " + r.Query("name", "anon")); });
    router_.Get("/p2/:vendor/*", [](const Request& r) {
      return Response::Json("{\"vendor\":\"" + r.params.at("vendor") + "\",\"rest\":\"" +
                            r.params.at("*") + "\"}");
    });
    router_.Post("/echo", [](const Request& r) {
      return Response::Text(r.body + "|" + r.Header("x-test") + "|" + r.remote_addr);
    });
    auto server = Server::Start(ServerOptions{.addr = "127.0.0.1:0", .max_body_bytes = 64},
                                [this](const Request& r) {
                                  Request copy = r;
                                  return router_.Dispatch(copy);
                                });
    ASSERT_TRUE(server) << server.error().message();
    server_ = std::move(server).value();
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  io::HttpResponse Send(io::HttpRequest request) {
    request.url = base_ + request.url;
    auto response = client_->Send(request);
    EXPECT_TRUE(response) << response.error().message();
    return response ? *response : io::HttpResponse{};
  }

  Router router_;
  std::unique_ptr<Server> server_;
  std::string base_;
  std::unique_ptr<io::HttpClient> client_ = io::NewCurlHttpClient({});
};

TEST_F(ServerTest, RoutesLiteralPathsWithDecodedQuery) {
  auto r = Send({.url = "/hello?name=w%20p"});

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hi w p");
  EXPECT_EQ(r.Header("content-type"), "text/plain; charset=utf-8");
}

TEST_F(ServerTest, CapturesNamedAndWildcardSegments) {
  auto r = Send({.url = "/p2/wp-plugin/akismet~dev.json"});

  EXPECT_EQ(r.body, R"({"vendor":"wp-plugin","rest":"akismet~dev.json"})");
}

TEST_F(ServerTest, PostBodyHeadersAndPeerAddressReachTheHandler) {
  auto r = Send({.method = "POST", .url = "/echo", .headers = {{"X-Test", "yes"}}, .body = "abc"});

  EXPECT_EQ(r.body, "abc|yes|127.0.0.1");
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405) {
  EXPECT_EQ(Send({.url = "/nope"}).status, 404);

  auto r = Send({.method = "POST", .url = "/hello"});

  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "GET");
}

TEST_F(ServerTest, OversizedBodyIs413) {
  auto r = Send({.method = "POST", .url = "/echo", .body = std::string(100, 'x')});

  EXPECT_EQ(r.status, 413);
}

TEST_F(ServerTest, HeadAnswersWithoutBody) {
  auto r = Send({.method = "HEAD", .url = "/hello"});

  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(ServerTest, ManyConcurrentRequestsAllSucceed) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto r = client_->Send({.url = base_ + "/hello?name=x"});
        if (r && r->status == 200 && r->body == "hi x") {
          ++ok;
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(ok.load(), 400);
}

TEST(ParseAddrTest, AcceptsHostPortAndBarePort) {
  auto a = ParseAddr("127.0.0.1:8080");
  auto b = ParseAddr(":9000");
  auto c = ParseAddr("[::1]:80");

  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 8080);
  EXPECT_EQ(b->first, "");
  EXPECT_EQ(c->first, "::1");
  EXPECT_FALSE(ParseAddr("localhost"));
  EXPECT_FALSE(ParseAddr("x:99999"));
}

TEST(StopTest, StopIsIdempotentAndFreesThePort) {
  auto server = Server::Start({}, [](const Request&) { return Response::Text("ok"); });
  ASSERT_TRUE(server);
  const int port = (*server)->port();

  (*server)->Stop();
  (*server)->Stop();

  auto again = Server::Start({.addr = "127.0.0.1:" + std::to_string(port)},
                             [](const Request&) { return Response::Text("ok"); });
  EXPECT_TRUE(again) << again.error().message();
}

}  // namespace
}  // namespace wpp::http
