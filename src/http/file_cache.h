// Serves files of the promoted build (`<repository>/current/…`) the way a
// static file server would: sendfile for plain requests, a bounded cache of
// gzip bodies for clients that accept gzip, strong ETags and Last-Modified,
// and 304 answers to conditional requests. Builds are immutable and
// unchanged files are hard links across builds, so (inode, size, mtime) is a
// stable ETag that survives deploys of unrelated changes.

#pragma once

#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/server.h"

namespace wpp::http {

class FileCache {
 public:
  explicit FileCache(size_t max_gzip_bytes = 64 << 20) : max_bytes_(max_gzip_bytes) {}

  // Answers `request` with the file at `path` (already validated by the
  // caller: no traversal). 404 when it does not exist. Thread-safe.
  Response Serve(const Request& request, const std::string& path, const std::string& content_type,
                 const std::string& cache_control);

 private:
  // The gzip body for `etag`, compressing `fd`'s contents on a miss.
  std::string Gzip(const std::string& etag, int fd, size_t size);

  const size_t max_bytes_;
  std::mutex mu_;
  std::list<std::string> lru_;  // ETags, most recent first. Guarded by mu_.
  struct Entry {
    std::string gz;
    std::list<std::string>::iterator position;
  };
  std::unordered_map<std::string, Entry> entries_;  // Guarded by mu_.
  size_t bytes_ = 0;                                // Guarded by mu_.
};

// "Tue, 15 Nov 1994 08:12:31 GMT".
std::string HttpDate(long unix_seconds);
// True when the client asked for gzip (Accept-Encoding lists it, q != 0).
bool AcceptsGzip(const Request& request);

}  // namespace wpp::http
