// Helpers of the tests that run against a real S3 server behind the SigV4
// checking proxy (tests/s3/harness.py sets the environment they read).

#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/hash.h"
#include "io/http_client.h"
#include "objectstore/s3_object_store.h"

namespace wpp::s3test {

inline std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// The process-wide HTTP client of these tests.
inline io::HttpClient& Http() {
  static auto* http = io::NewCurlHttpClient({}).release();
  return *http;
}

inline objectstore::S3Options Options(const std::string& bucket) {
  objectstore::S3Options options;
  options.endpoint = Env("R2_ENDPOINT");
  options.bucket = bucket;
  options.access_key_id = Env("R2_ACCESS_KEY_ID");
  options.secret_access_key = Env("R2_SECRET_ACCESS_KEY");
  options.first_retry_delay = std::chrono::milliseconds(20);
  options.timeout = std::chrono::milliseconds(5000);
  return options;
}

inline std::unique_ptr<objectstore::ObjectStore> Store(const objectstore::S3Options& options) {
  auto store = objectstore::NewS3ObjectStore(Http(), base::Clock::Real(), options);
  EXPECT_TRUE(store) << store.error().message();
  return std::move(store).value();
}

// The proxy's control API (see sigv4_proxy.py).
class Proxy {
 public:
  static nlohmann::json Stats() {
    auto response = Http().Send({.url = Env("S3_TEST_CONTROL") + "/stats"});
    EXPECT_TRUE(response && response->status == 200);
    return nlohmann::json::parse(response->body);
  }
  static void Post(const std::string& what, const nlohmann::json& body = nlohmann::json::object()) {
    auto response = Http().Send(
        {.method = "POST", .url = Env("S3_TEST_CONTROL") + "/" + what, .body = body.dump()});
    ASSERT_TRUE(response && response->status == 200) << what;
  }
  // Scripts a fault: `action` is "500", "403" or "timeout".
  static void Fault(const std::string& method, const std::string& path_contains, int nth, int count,
                    const std::string& action, double delay = 2.0) {
    Post("fault", {{"method", method},
                   {"path_contains", path_contains},
                   {"nth", nth},
                   {"count", count},
                   {"action", action},
                   {"delay", delay}});
  }
  static size_t Rejections() { return Stats()["rejections"].size(); }
  // Successful requests "METHOD /bucket/key" in arrival order.
  static std::vector<std::string> Requests() {
    std::vector<std::string> out;
    const nlohmann::json stats = Stats();  // Named: a temporary would dangle in the loop.
    for (const auto& r : stats["requests"]) {
      if (r["status"].get<int>() >= 200 && r["status"].get<int>() < 300) {
        out.push_back(r["method"].get<std::string>() + " " + r["path"].get<std::string>());
      }
    }
    return out;
  }
};

// Creates `bucket` with a signed PUT (through the checker).
inline void CreateBucket(const std::string& bucket) {
  const auto options = Options(bucket);
  io::HttpRequest request{.method = "PUT", .url = options.endpoint + "/" + bucket};
  request.headers = {{"x-amz-content-sha256", base::Sha256Hex("")}};
  request.aws_sigv4 = "aws:amz:auto:s3";
  request.userpwd = options.access_key_id + ":" + options.secret_access_key;
  auto response = Http().Send(request);
  ASSERT_TRUE(response) << response.error().message();
  ASSERT_EQ(response->status, 200) << response->body;
}

}  // namespace wpp::s3test
