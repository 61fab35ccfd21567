// The S3 implementation of ObjectStore: AWS Signature V4 (signed by libcurl,
// see io/http_client.h), usable with Cloudflare R2 (region "auto"), AWS S3,
// MinIO or s3rver, with path-style or virtual-hosted addressing.

#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "config/config.h"
#include "io/http_client.h"
#include "objectstore/object_store.h"

namespace wpp::objectstore {

struct S3Options {
  std::string endpoint{};  // "https://<account>.r2.cloudflarestorage.com"
  std::string bucket{};
  std::string region = "auto";
  std::string access_key_id{};
  std::string secret_access_key{};
  bool path_style = true;
  int max_in_flight = 50;  // Requests this store has open at once (<= 0: 50).
  int max_attempts = 3;    // Per request, for transport errors, 5xx and 429.
  std::chrono::milliseconds first_retry_delay{1000};  // Doubles per attempt.
  std::chrono::milliseconds timeout{60'000};          // Per attempt.
  // When set and true, a retry wait ends at once and the last failure is
  // returned without further attempts. May be null.
  const std::atomic<bool>* stop = nullptr;
};

// Options for `bucket` from the [r2] settings (endpoint, region, keys,
// addressing, concurrency). kInvalidArgument, naming the missing variable,
// when the endpoint, the keys or the bucket are not set.
base::Result<S3Options> S3OptionsFromConfig(const config::R2Config& r2, const std::string& bucket);

// Every request carries x-amz-content-sha256 and a canonical query string;
// credentials go only to libcurl's signer and never into errors or logs.
// Retries wait through `clock`. `http` and `clock` must outlive the store.
// Errors: see ObjectStore; kInvalidArgument for an unusable endpoint.
base::Result<std::unique_ptr<ObjectStore>> NewS3ObjectStore(io::HttpClient& http,
                                                            base::Clock& clock, S3Options options);

}  // namespace wpp::objectstore
