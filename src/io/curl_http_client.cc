// libcurl implementation of HttpClient. One background thread drives a multi
// handle; Send() hands an easy handle to it and waits. Callers get blocking
// calls, and all of them share one connection pool (keep-alive reuse across
// threads, bounded by max_connections_per_host).

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include <curl/curl.h>

#include "base/strings.h"
#include "io/http_client.h"

namespace wpp::io {
namespace {

struct Transfer {
  const HttpRequest* request = nullptr;
  HttpResponse response{};
  curl_slist* header_list = nullptr;
  std::promise<base::Result<HttpResponse>> done{};
  char error_buffer[CURL_ERROR_SIZE] = {};
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  static_cast<Transfer*>(user)->response.body.append(data, size * count);
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (base::StartsWith(line, "HTTP/")) {
    t->response.headers.clear();  // A new response (after 100-continue or a redirect).
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    t->response.headers.emplace_back(base::ToLower(base::Trim(line.substr(0, colon))),
                                     std::string(base::Trim(line.substr(colon + 1))));
  }
  return size * count;
}

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options) : options_(std::move(options)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    multi_ = curl_multi_init();
    curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      static_cast<long>(options_.max_connections));
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS,
                      static_cast<long>(options_.max_connections_per_host));
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(options_.max_connections));
    loop_ = std::thread([this] { Run(); });
  }

  ~CurlHttpClient() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    curl_multi_wakeup(multi_);
    loop_.join();
    curl_multi_cleanup(multi_);
  }

  base::Result<HttpResponse> Send(const HttpRequest& request) override {
    Transfer transfer;
    transfer.request = &request;
    auto future = transfer.done.get_future();
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        return base::Error(base::ErrorCode::kUnavailable, "http client is shutting down");
      }
      pending_.push_back(&transfer);
    }
    curl_multi_wakeup(multi_);
    return future.get();
  }

 private:
  CURL* MakeEasy(Transfer* t) {
    const HttpRequest& r = *t->request;
    CURL* easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, t);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error_buffer);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout.count()));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // Any encoding curl can decode.
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, r.follow_redirects ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 5L);
    if (r.method == "HEAD") {
      curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else if (r.method != "GET") {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    }
    if (!r.body.empty() || r.method == "POST" || r.method == "PUT") {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    }
    for (const auto& [name, value] : r.headers) {
      t->header_list = curl_slist_append(t->header_list, (name + ": " + value).c_str());
    }
    // Without this curl sends "Expect: 100-continue" for larger bodies and
    // waits a second for an answer some servers never give. Not for SigV4:
    // curl would sign the (never sent) empty Expect header and S3 would
    // reject the signature; S3 answers 100-continue, so only shorten the wait.
    if (r.aws_sigv4.empty()) {
      t->header_list = curl_slist_append(t->header_list, "Expect:");
    } else {
      curl_easy_setopt(easy, CURLOPT_EXPECT_100_TIMEOUT_MS, 200L);
    }
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->header_list);
    if (!r.aws_sigv4.empty()) {
      curl_easy_setopt(easy, CURLOPT_AWS_SIGV4, r.aws_sigv4.c_str());
      curl_easy_setopt(easy, CURLOPT_USERPWD, r.userpwd.c_str());
    }
    return easy;
  }

  void Finish(CURL* easy, CURLcode code) {
    Transfer* t = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &t);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_multi_remove_handle(multi_, easy);
    curl_easy_cleanup(easy);
    curl_slist_free_all(t->header_list);
    if (code != CURLE_OK) {
      std::string detail = t->error_buffer[0] ? t->error_buffer : curl_easy_strerror(code);
      t->done.set_value(base::Error(base::ErrorCode::kUnavailable,
                                    t->request->method + " " + t->request->url + ": " + detail));
      return;
    }
    t->response.status = static_cast<int>(status);
    t->done.set_value(std::move(t->response));
  }

  void Run() {
    while (true) {
      std::deque<Transfer*> incoming;
      bool stopping = false;
      {
        std::lock_guard lock(mu_);
        incoming.swap(pending_);
        stopping = stopping_;
      }
      for (Transfer* t : incoming) {
        curl_multi_add_handle(multi_, MakeEasy(t));
        ++active_;
      }
      if (stopping && active_ == 0) {
        return;
      }
      int running = 0;
      curl_multi_perform(multi_, &running);
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
        if (msg->msg == CURLMSG_DONE) {
          Finish(msg->easy_handle, msg->data.result);
          --active_;
        }
      }
      curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
    }
  }

  const CurlOptions options_;
  CURLM* multi_ = nullptr;
  std::mutex mu_;
  std::deque<Transfer*> pending_;  // Guarded by mu_.
  bool stopping_ = false;          // Guarded by mu_.
  int active_ = 0;                 // Loop thread only.
  std::thread loop_;
};

}  // namespace

std::unique_ptr<HttpClient> NewCurlHttpClient(const CurlOptions& options) {
  return std::make_unique<CurlHttpClient>(options);
}

}  // namespace wpp::io
