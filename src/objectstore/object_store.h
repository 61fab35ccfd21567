// ObjectStore: the seam between wppackages and S3-compatible storage (the
// Composer bucket on R2, the backup bucket). Production uses the SigV4 client
// of s3_object_store.h; tests use testutil::FakeObjectStore or a real local
// S3 server behind a signature-checking proxy (tests/s3/).

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace wpp::objectstore {

struct PutOptions {
  std::string content_type = "application/json";
  std::string cache_control{};  // Empty: no Cache-Control header.
};

struct ObjectInfo {
  std::string key{};
  int64_t size = 0;
};

// A flat key -> bytes store. Keys are relative paths such as
// "p2/wp-plugin/akismet~dev.json"; implementations encode them as needed.
//
// Errors, for every method: kPermissionDenied when the credentials are
// refused (the message names the bucket, never the secret), kNotFound when
// the bucket does not exist, kUnavailable when the store kept failing
// (transport errors, timeouts, 5xx) after the implementation's retries,
// kInvalidArgument for other refusals.
//
// Every method is safe to call from several threads at once.
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Creates or replaces `key`.
  virtual base::Status Put(std::string_view key, std::string_view bytes,
                           const PutOptions& options) = 0;
  // The object's bytes. kNotFound when there is no such key.
  virtual base::Result<std::string> Get(std::string_view key) = 0;
  // Removes `key`; removing a missing key succeeds.
  virtual base::Status Delete(std::string_view key) = 0;
  // Removes many keys in as few requests as the store allows (S3: 1,000 per
  // request). Returns the keys that could not be deleted (empty: all gone).
  // An Error means the request itself failed: treat every key as failed.
  virtual base::Result<std::vector<std::string>> DeleteMany(
      const std::vector<std::string>& keys) = 0;
  // Every object whose key starts with `prefix`, in lexicographic key order.
  virtual base::Result<std::vector<ObjectInfo>> List(std::string_view prefix) = 0;
};

}  // namespace wpp::objectstore
