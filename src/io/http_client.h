// HttpClient: the seam between this program and outbound HTTP (WordPress.org,
// S3, webhooks). Tests use testutil::FakeHttpClient or a loopback server.

#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace wpp::io {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url{};
  Headers headers{};
  std::string body{};
  std::chrono::milliseconds timeout{30'000};
  // S3 SigV4 signing by libcurl ("aws:amz:<region>:s3") with "KEY:SECRET";
  // empty means unsigned.
  std::string aws_sigv4{};
  std::string userpwd{};
  // False: a 3xx answer is returned as it came (tests of redirects).
  bool follow_redirects = true;
};

struct HttpResponse {
  int status = 0;
  Headers headers{};  // Names lower-cased.
  std::string body{};

  // First header named `name` (lower case), or empty.
  std::string Header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) {
        return v;
      }
    }
    return {};
  }
};

// Performs one blocking HTTP exchange.
//
// Transport failures (DNS, connect, TLS, timeout, truncated body) come back
// as an Error with code kUnavailable. Every HTTP status, 4xx and 5xx
// included, is a successful Result: deciding what a status means is the
// caller's job.
//
// Implementations are safe to call from several threads at once; the curl
// implementation multiplexes all callers over one libcurl multi handle and
// reuses connections.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual base::Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct CurlOptions {
  std::string user_agent = "wp-packages/1.0 (+https://wp-packages.org)";
  int max_connections = 64;           // Total open connections.
  int max_connections_per_host = 32;  // Bounds parallel requests to one host.
};

// The production implementation, backed by libcurl's multi interface.
std::unique_ptr<HttpClient> NewCurlHttpClient(const CurlOptions& options);

}  // namespace wpp::io
