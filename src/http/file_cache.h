// Serves files of the promoted build (its packages.json and the p2 blobs it
// names) the way a static file server would, plus a memory cache: blobs are
// immutable and shared by every build that publishes the same bytes, so
// (inode, size, mtime) is both a strong ETag that survives deploys of
// unrelated changes and a safe cache key. Small files are kept in memory (a hit costs one stat),
// larger ones go out with sendfile; gzip bodies are cached too. Conditional requests get 304.

#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/server.h"

namespace wpp::http {

class FileCache {
 public:
  // `max_bytes` bounds the cached bodies (plain and gzip together).
  explicit FileCache(size_t max_bytes = 256 << 20) : max_bytes_(max_bytes) {}

  // Answers `request` with the file at `path` (already validated by the
  // caller: no traversal). 404 when it does not exist. Thread-safe.
  // `compressible` false: never gzip (PNG and other compressed formats).
  Response Serve(const Request& request, const std::string& path, const std::string& content_type,
                 const std::string& cache_control, bool compressible = true);

 private:
  using Bytes = std::shared_ptr<const std::string>;
  struct Entry {
    Bytes body;
    Bytes gz;  // Null until a client asks for gzip.
    std::list<std::string>::iterator position;
  };

  // Cached plain (or gzip) bytes for `etag`, loading them from `path` on a
  // miss; null when the file cannot be read.
  Bytes Load(const std::string& etag, const std::string& path, size_t size, bool gzip);
  void Insert(const std::string& etag, Bytes body, Bytes gz);  // Requires mu_.

  const size_t max_bytes_;
  std::mutex mu_;
  std::list<std::string> lru_;                      // ETags, most recent first. Guarded by mu_.
  std::unordered_map<std::string, Entry> entries_;  // Guarded by mu_.
  size_t bytes_ = 0;                                // Guarded by mu_.
};

// "Tue, 15 Nov 1994 08:12:31 GMT".
std::string HttpDate(long unix_seconds);
// True when the client asked for gzip (Accept-Encoding lists it, q != 0).
bool AcceptsGzip(const Request& request);
// `data` gzip-compressed (levels as zlib's, 1-9; 6 is the usual balance);
// empty on failure.
std::string Gzip(std::string_view data, int level = 6);
// Whether an If-None-Match value names `etag` ("*", a list, weak tags compare equal).
bool EtagMatches(std::string_view header, std::string_view etag);

}  // namespace wpp::http
