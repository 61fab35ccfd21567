// FakeHttpClient replays scripted responses and records what it was sent.
// For tests only; linked into test binaries through the wpp::testutil target.

#pragma once

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "io/http_client.h"

namespace wpp::testutil {

// Thread-safe: workers of a pool may call Send concurrently.
class FakeHttpClient final : public io::HttpClient {
 public:
  using Handler = std::function<base::Result<io::HttpResponse>(const io::HttpRequest&)>;

  // Queues `response` for the next request to `url` (any method). Queued
  // answers for the same URL are returned in order; the last one repeats.
  void Enqueue(const std::string& url, base::Result<io::HttpResponse> response) {
    std::lock_guard lock(mu_);
    script_[url].push_back(std::move(response));
  }

  // Shorthand for a response with a status and a body.
  void Respond(const std::string& url, int status, std::string body) {
    Enqueue(url, io::HttpResponse{.status = status, .headers = {}, .body = std::move(body)});
  }

  // Answers every URL that has nothing scripted. Without a handler such
  // requests fail with kInternal.
  void SetFallback(Handler handler) {
    std::lock_guard lock(mu_);
    fallback_ = std::move(handler);
  }

  base::Result<io::HttpResponse> Send(const io::HttpRequest& request) override {
    Handler fallback;
    {
      std::lock_guard lock(mu_);
      sent_.push_back(request);
      auto it = script_.find(request.url);
      if (it != script_.end()) {
        auto& queue = it->second;
        auto response = queue.front();
        if (queue.size() > 1) {
          queue.pop_front();
        }
        return response;
      }
      fallback = fallback_;
    }
    if (fallback) {
      return fallback(request);
    }
    return base::Error(base::ErrorCode::kInternal,
                       "FakeHttpClient: nothing scripted for " + request.url);
  }

  std::vector<io::HttpRequest> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }

  // How many requests went to `url`.
  int CountSent(const std::string& url) const {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& r : sent_) {
      n += r.url == url ? 1 : 0;
    }
    return n;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::deque<base::Result<io::HttpResponse>>> script_;  // Guarded by mu_.
  Handler fallback_;                                                          // Guarded by mu_.
  std::vector<io::HttpRequest> sent_;                                         // Guarded by mu_.
};

}  // namespace wpp::testutil
