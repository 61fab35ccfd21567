#include "objectstore/s3_object_store.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include <openssl/evp.h>

#include "base/hash.h"
#include "objectstore/s3_protocol.h"

namespace wpp::objectstore {
namespace {

constexpr size_t kMaxDeleteBatch = 1000;

// Base64 of the MD5 digest: the Content-MD5 header S3 requires on
// DeleteObjects.
std::string ContentMd5(std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(body.data(), body.size(), digest, &length, EVP_md5(), nullptr);
  unsigned char encoded[64];
  const int n = EVP_EncodeBlock(encoded, digest, static_cast<int>(length));
  return std::string(reinterpret_cast<char*>(encoded), static_cast<size_t>(n));
}

// Bounds the requests in flight; std::counting_semaphore needs a
// compile-time maximum, this does not.
class Gate {
 public:
  explicit Gate(int slots) : free_(slots) {}
  void Enter() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return free_ > 0; });
    --free_;
  }
  void Leave() {
    {
      std::lock_guard lock(mu_);
      ++free_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;  // Guarded by mu_.
};

class S3ObjectStore final : public ObjectStore {
 public:
  S3ObjectStore(io::HttpClient& http, base::Clock& clock, S3Options options, s3::Endpoint endpoint)
      : http_(http),
        clock_(clock),
        options_(std::move(options)),
        endpoint_(std::move(endpoint)),
        gate_(options_.max_in_flight > 0 ? options_.max_in_flight : 50),
        signer_("aws:amz:" + options_.region + ":s3") {}

  base::Status Put(std::string_view key, std::string_view bytes,
                   const PutOptions& options) override {
    io::HttpRequest request = NewRequest("PUT", key, {});
    request.body = std::string(bytes);
    request.headers.emplace_back("Content-Type", options.content_type);
    if (!options.cache_control.empty()) {
      request.headers.emplace_back("Cache-Control", options.cache_control);
    }
    WPP_ASSIGN_OR_RETURN(io::HttpResponse response, Send(request, "PUT " + std::string(key)));
    return Check(response, "PUT " + std::string(key));
  }

  base::Result<std::string> Get(std::string_view key) override {
    const std::string what = "GET " + std::string(key);
    WPP_ASSIGN_OR_RETURN(io::HttpResponse response, Send(NewRequest("GET", key, {}), what));
    WPP_RETURN_IF_ERROR(Check(response, what));
    return std::move(response.body);
  }

  base::Status Delete(std::string_view key) override {
    const std::string what = "DELETE " + std::string(key);
    WPP_ASSIGN_OR_RETURN(io::HttpResponse response, Send(NewRequest("DELETE", key, {}), what));
    if (response.status == 404 && s3::XmlValue(response.body, "Code") == "NoSuchKey") {
      return base::Status::Ok();
    }
    return Check(response, what);
  }

  base::Result<std::vector<std::string>> DeleteMany(const std::vector<std::string>& keys) override {
    std::vector<std::string> failed;
    for (size_t start = 0; start < keys.size(); start += kMaxDeleteBatch) {
      const size_t end = std::min(keys.size(), start + kMaxDeleteBatch);
      const std::vector<std::string> batch(keys.begin() + static_cast<ptrdiff_t>(start),
                                           keys.begin() + static_cast<ptrdiff_t>(end));
      io::HttpRequest request = NewRequest("POST", {}, {{"delete", ""}});
      request.body = s3::DeleteRequestBody(batch);
      request.headers.emplace_back("Content-Type", "application/xml");
      request.headers.emplace_back("Content-MD5", ContentMd5(request.body));
      const std::string what = "DeleteObjects (" + std::to_string(batch.size()) + " keys)";
      WPP_ASSIGN_OR_RETURN(io::HttpResponse response, Send(request, what));
      WPP_RETURN_IF_ERROR(Check(response, what));
      for (std::string& key : s3::ParseDeleteErrors(response.body)) {
        failed.push_back(std::move(key));
      }
    }
    return failed;
  }

  base::Result<std::vector<ObjectInfo>> List(std::string_view prefix) override {
    std::vector<ObjectInfo> objects;
    std::string token;
    do {
      s3::QueryParams params = {{"list-type", "2"}, {"prefix", std::string(prefix)}};
      if (!token.empty()) {
        params.emplace_back("continuation-token", token);
      }
      const std::string what = "LIST " + std::string(prefix);
      WPP_ASSIGN_OR_RETURN(io::HttpResponse response, Send(NewRequest("GET", {}, params), what));
      WPP_RETURN_IF_ERROR(Check(response, what));
      auto page = s3::ParseListResponse(response.body);
      if (!page) {
        return std::move(page).error().Annotate(what);
      }
      for (ObjectInfo& info : page->objects) {
        objects.push_back(std::move(info));
      }
      token = page->next_token;
    } while (!token.empty());
    std::sort(objects.begin(), objects.end(),
              [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    return objects;
  }

 private:
  io::HttpRequest NewRequest(std::string method, std::string_view key,
                             const s3::QueryParams& params) const {
    io::HttpRequest request;
    request.method = std::move(method);
    request.url = s3::ObjectUrl(endpoint_, options_.bucket, options_.path_style, key,
                                s3::CanonicalQuery(params));
    request.timeout = options_.timeout;
    request.aws_sigv4 = signer_;
    request.userpwd = options_.access_key_id + ":" + options_.secret_access_key;
    return request;
  }

  // Sends with the content hash header, retrying transport errors, 5xx and
  // 429 with doubling delays. A stop request during a wait returns the last
  // failure.
  base::Result<io::HttpResponse> Send(io::HttpRequest request, const std::string& what) {
    request.headers.emplace_back("x-amz-content-sha256", base::Sha256Hex(request.body));
    auto delay = options_.first_retry_delay;
    const int attempts = std::max(1, options_.max_attempts);
    for (int attempt = 1;; ++attempt) {
      gate_.Enter();
      auto response = http_.Send(request);
      gate_.Leave();
      const bool retryable = response ? s3::IsRetryableStatus(response->status)
                                      : response.error().code() == base::ErrorCode::kUnavailable;
      const bool last = !retryable || attempt >= attempts;
      const bool stopped = !last && !clock_.SleepFor(delay, options_.stop);
      if (last || stopped) {
        if (!response) {
          // The transport message names the URL, which holds no secret.
          return std::move(response).error().Annotate(what + " (bucket " + options_.bucket + ", " +
                                                      std::to_string(attempt) + " attempts" +
                                                      (stopped ? ", stopped" : "") + ")");
        }
        return response;
      }
      delay *= 2;
    }
  }

  base::Status Check(const io::HttpResponse& response, const std::string& what) const {
    if (response.status >= 200 && response.status < 300) {
      return base::Status::Ok();
    }
    return s3::ErrorFromResponse(response.status, response.body, options_.bucket, what);
  }

  io::HttpClient& http_;
  base::Clock& clock_;
  const S3Options options_;
  const s3::Endpoint endpoint_;
  Gate gate_;
  const std::string signer_;
};

base::Status Require(const std::string& value, const char* variable) {
  if (value.empty()) {
    return base::Error(base::ErrorCode::kInvalidArgument,
                       std::string("object store: ") + variable + " is not set");
  }
  return base::Status::Ok();
}

}  // namespace

base::Result<S3Options> S3OptionsFromConfig(const config::R2Config& r2, const std::string& bucket) {
  WPP_RETURN_IF_ERROR(Require(r2.endpoint, "R2_ENDPOINT"));
  WPP_RETURN_IF_ERROR(Require(r2.access_key_id, "R2_ACCESS_KEY_ID"));
  WPP_RETURN_IF_ERROR(Require(r2.secret_access_key, "R2_SECRET_ACCESS_KEY"));
  WPP_RETURN_IF_ERROR(Require(bucket, "the bucket (R2_BUCKET / LITESTREAM_BUCKET)"));
  S3Options options;
  options.endpoint = r2.endpoint;
  options.bucket = bucket;
  options.region = r2.region.empty() ? "auto" : r2.region;
  options.access_key_id = r2.access_key_id;
  options.secret_access_key = r2.secret_access_key;
  options.path_style = r2.path_style;
  options.max_in_flight = r2.concurrency > 0 ? r2.concurrency : 50;
  return options;
}

base::Result<std::unique_ptr<ObjectStore>> NewS3ObjectStore(io::HttpClient& http,
                                                            base::Clock& clock, S3Options options) {
  WPP_ASSIGN_OR_RETURN(s3::Endpoint endpoint, s3::ParseEndpoint(options.endpoint));
  if (options.bucket.empty()) {
    return base::Error(base::ErrorCode::kInvalidArgument, "object store: no bucket given");
  }
  return std::unique_ptr<ObjectStore>(
      new S3ObjectStore(http, clock, std::move(options), std::move(endpoint)));
}

}  // namespace wpp::objectstore
