#include "http/server.h"

#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

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
    router_.Add("POST", "/small", {.max_body = 8},
                [](const Request& r) { return Response::Text(r.body); });
    router_.Add("GET", "/slow", {.blocking = true}, [this](const Request&) {
      std::unique_lock lock(slow_mu_);
      ++slow_waiting_;
      slow_cv_.notify_all();
      slow_cv_.wait(lock, [this] { return slow_released_; });
      return Response::Text("slow done");
    });
    // Answers "inline" from a pretend cache on the connection thread, or
    // defers to a worker, which answers "worker".
    router_.Add("GET", "/inline", {.blocking = true, .inline_first = true}, [](const Request& r) {
      if (!r.may_block) {
        return r.Query("cached") == "1" ? Response::Text("inline") : Response::Defer();
      }
      return Response::Text("worker");
    });
    router_.Get("/truncated", [](const Request&) {
      Response r = Response::Text("0123456789");
      r.declared_size = 20;
      return r;
    });
    router_.Get("/stream", [](const Request&) {
      // Three polls with data, one empty, then the end.
      class Counting : public BodyStream {
       public:
        bool Poll(std::string* out) override {
          ++polls_;
          if (polls_ != 2) {
            *out += "data: " + std::to_string(polls_) + "\n\n";
          }
          return polls_ < 4;
        }
        std::chrono::milliseconds poll_interval() const override {
          return std::chrono::milliseconds(5);
        }

       private:
        int polls_ = 0;
      };
      Response r;
      r.Header("Content-Type", "text/event-stream");
      r.stream = std::make_shared<Counting>();
      return r;
    });
    // A second registration of the same path and method (Allow lists it once).
    router_.Get("/hello", [](const Request&) { return Response::Text("shadowed"); });
    auto server = Server::Start(ServerOptions{.addr = "127.0.0.1:0",
                                              .max_body_bytes = 64,
                                              .route_options =
                                                  [this](std::string_view m, std::string_view p) {
                                                    return router_.OptionsFor(m, p);
                                                  }},
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

  void ReleaseSlow() {
    std::lock_guard lock(slow_mu_);
    slow_released_ = true;
    slow_cv_.notify_all();
  }

  std::mutex slow_mu_;
  std::condition_variable slow_cv_;
  int slow_waiting_ = 0;
  bool slow_released_ = false;
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
  EXPECT_EQ(r.Header("allow"), "GET, HEAD");
}

// Sends `raw` on a new connection and returns everything the server sends
// before it closes the connection or 5 s pass; `closed`, when given, tells
// which.
std::string RawExchange(int port, const std::string& raw, bool* closed = nullptr) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  timeval timeout{.tv_sec = 5, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  EXPECT_EQ(send(fd, raw.data(), raw.size(), 0), static_cast<ssize_t>(raw.size()));
  std::string got;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
    got.append(buf, static_cast<size_t>(n));
  }
  if (closed != nullptr) {
    *closed = n == 0;
  }
  close(fd);
  return got;
}

TEST_F(ServerTest, Http11WithoutHostIs400) {
  const std::string answer = RawExchange(server_->port(), "GET /hello HTTP/1.1\r\n\r\n");

  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 400"));
  // HTTP/1.0 needs no Host.
  EXPECT_THAT(RawExchange(server_->port(), "GET /hello HTTP/1.0\r\n\r\n"),
              ::testing::StartsWith("HTTP/1.1 200"));
}

// A declared size above the body: the body, then the connection closes
// (not held open until a timeout), even on a keep-alive HTTP/1.1 request.
TEST_F(ServerTest, DeclaredSizeAboveTheBodyClosesAfterTheBody) {
  bool closed = false;
  const std::string answer =
      RawExchange(server_->port(), "GET /truncated HTTP/1.1\r\nHost: x\r\n\r\n", &closed);

  EXPECT_TRUE(closed);
  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(answer, ::testing::HasSubstr("Content-Length: 20\r\n"));
  EXPECT_THAT(answer, ::testing::EndsWith("\r\n\r\n0123456789"));
  EXPECT_FALSE(client_->Send({.url = base_ + "/truncated"}));  // curl sees a short body.
}

TEST_F(ServerTest, DeclaredLengthAboveTheRouteLimitIs413BeforeTheBody) {
  // The body is never sent: the answer must come from the headers alone.
  const std::string answer =
      RawExchange(server_->port(), "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n");

  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 413"));
  EXPECT_EQ(Send({.method = "POST", .url = "/small", .body = "12345678"}).body, "12345678");
  EXPECT_THAT(
      RawExchange(server_->port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n"),
      ::testing::StartsWith("HTTP/1.1 413"));
}

TEST_F(ServerTest, BlockedHandlersDoNotStallOtherRequests) {
  // More blocked requests than the server has connection threads (2).
  std::vector<std::thread> slow;
  std::vector<std::string> answers(4);
  for (size_t i = 0; i < answers.size(); ++i) {
    slow.emplace_back([this, i, &answers] {
      auto r = client_->Send({.url = base_ + "/slow"});
      answers[i] = r ? r->body : r.error().message();
    });
  }
  {
    std::unique_lock lock(slow_mu_);
    ASSERT_TRUE(
        slow_cv_.wait_for(lock, std::chrono::seconds(10), [this] { return slow_waiting_ >= 2; }));
  }

  // With both workers busy, plain requests are still answered.
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(Send({.url = "/hello?name=x"}).body, "hi x");
  }
  ReleaseSlow();
  for (auto& t : slow) {
    t.join();
  }
  for (const std::string& answer : answers) {
    EXPECT_EQ(answer, "slow done");
  }
}

TEST_F(ServerTest, StreamedBodyIsSentAsProducedUntilItEnds) {
  for (int i = 0; i < 3; ++i) {  // The stream thread serves one stream after another.
    const io::HttpResponse r = Send({.url = "/stream"});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("content-type"), "text/event-stream");
    EXPECT_EQ(r.body, "data: 1\n\ndata: 3\n\ndata: 4\n\n");
  }
}

TEST(StreamStopTest, StoppingTheServerEndsAnEndlessStream) {
  std::atomic<int> polls{0};
  class Endless : public BodyStream {
   public:
    explicit Endless(std::atomic<int>& polls) : polls_(polls) {}
    bool Poll(std::string* out) override {
      if (polls_.fetch_add(1) == 0) {
        *out = "data: hello\n\n";
      }
      return true;
    }

   private:
    std::atomic<int>& polls_;
  };
  auto server = Server::Start(ServerOptions{}, [&polls](const Request&) {
    Response r;
    r.stream = std::make_shared<Endless>(polls);
    return r;
  });
  ASSERT_TRUE(server) << server.error().message();
  auto client = io::NewCurlHttpClient({});
  io::HttpResponse got;
  std::thread reader([&] {
    auto r = client->Send({.url = "http://127.0.0.1:" + std::to_string((*server)->port()) + "/"});
    if (r) {
      got = *r;
    }
  });
  while (polls.load() < 3) {
    std::this_thread::yield();
  }
  std::thread stopper([&server] { (*server)->Stop(); });
  reader.join();
  client.reset();  // Its idle keep-alive connection would hold Stop for its grace period.
  stopper.join();
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "data: hello\n\n");
}

TEST(DefaultThreadsTest, FollowsTheAffinityMask) {
  cpu_set_t saved;
  ASSERT_EQ(sched_getaffinity(0, sizeof saved, &saved), 0);
  cpu_set_t one;
  CPU_ZERO(&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &saved)) {
      CPU_SET(cpu, &one);
      break;
    }
  }
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  EXPECT_EQ(AllowedCpus(), 1);
  EXPECT_EQ(DefaultThreads(), 2);  // One CPU: two loops share it.
  EXPECT_EQ(DefaultWorkers(), 2);  // The floor of 2.
  ASSERT_EQ(sched_setaffinity(0, sizeof saved, &saved), 0);
  EXPECT_EQ(AllowedCpus(), CPU_COUNT(&saved));
  EXPECT_EQ(DefaultThreads(), CPU_COUNT(&saved) == 1 ? 2 : CPU_COUNT(&saved) - 1);
  EXPECT_EQ(DefaultWorkers(), std::max(2, CPU_COUNT(&saved)));
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

TEST_F(ServerTest, InlineFirstRoutesAnswerInlineOrDeferToAWorker) {
  io::HttpResponse r = Send({.method = "GET", .url = "/inline?cached=1"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "inline");
  r = Send({.method = "GET", .url = "/inline"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "worker");
}

}  // namespace
}  // namespace wpp::http
