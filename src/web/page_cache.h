// Rendered pages kept in memory (docs/behaviour.md §17.9): the body, its
// gzip (made on first use) and its ETag, so a repeated page costs a lookup instead of queries
// and a render. Bounded by bytes (least recently used out first); entries
// may also expire after a time to live.

#pragma once

#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/server.h"

namespace wpp::web {

struct CachedPage {
  std::shared_ptr<const std::string> body{};
  std::string etag{};
  std::string content_type{};
  std::chrono::steady_clock::time_point expires{};

  // The gzip of body, made when a client first accepts it (a page nobody
  // asks compressed costs no compression); null when gzip does not shrink
  // it. Thread-safe.
  std::shared_ptr<const std::string> Gzipped() const;

 private:
  friend class PageCache;
  int gzip_level_ = 6;
  mutable std::once_flag gz_once_;
  mutable std::shared_ptr<const std::string> gz_;
};

class PageCache {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;
  // `ttl` zero: entries never expire (the key says everything the page
  // shows, e.g. it contains the page's ETag).
  // `gzip_level`: zlib's level for the pages' gzip (1 for short-lived
  // pages: half the CPU of 6 for about 15% more bytes).
  PageCache(size_t max_bytes, std::chrono::seconds ttl, int gzip_level = 6,
            Now now = std::chrono::steady_clock::now);

  // The live entry for `key`, or null.
  std::shared_ptr<const CachedPage> Get(const std::string& key);
  // Stores `body` (HTML or Markdown, by `content_type`) under `key` with a
  // strong ETag (given, or a hash of the body) and its gzip; returns it.
  std::shared_ptr<const CachedPage> Put(const std::string& key, std::string body,
                                        std::string content_type, std::string etag = {});

 private:
  struct Slot {
    std::shared_ptr<const CachedPage> page;
    std::list<std::string>::iterator position;
    size_t bytes = 0;
  };
  const size_t max_bytes_;
  const std::chrono::seconds ttl_;
  const int gzip_level_;
  const Now now_;
  std::mutex mu_;
  std::list<std::string> lru_;                     // Most recent first. Guarded by mu_.
  std::unordered_map<std::string, Slot> entries_;  // Guarded by mu_.
  size_t bytes_ = 0;                               // Guarded by mu_.
};

// A strong ETag for a body: the first 16 hex digits of its SHA-256, quoted.
std::string BodyEtag(std::string_view body);

// The ETags of pages recently checked against the database, by page key:
// for `window` after a check a request may be answered from memory without
// asking the database again (docs/behaviour.md §17.9). At most `max_entries`
// (all dropped when full). Thread-safe.
class RecentEtags {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;
  RecentEtags(std::chrono::seconds window, size_t max_entries,
              Now now = std::chrono::steady_clock::now)
      : window_(window), max_entries_(max_entries), now_(std::move(now)) {}

  // The ETag checked less than `window` ago, or nullopt.
  std::optional<std::string> Get(const std::string& key);
  void Put(const std::string& key, std::string etag);

 private:
  struct Entry {
    std::string etag;
    std::chrono::steady_clock::time_point checked;
  };
  const std::chrono::seconds window_;
  const size_t max_entries_;
  const Now now_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // Guarded by mu_.
};

// The answer for a cached page: 304 when If-None-Match names its ETag, else
// the body (gzip when accepted), with `cache_control`.
http::Response ServeCached(const http::Request& request, const CachedPage& page,
                           std::string_view cache_control);

}  // namespace wpp::web
