#include "web/page_cache.h"

#include "base/hash.h"
#include "http/file_cache.h"

namespace wpp::web {

PageCache::PageCache(size_t max_bytes, std::chrono::seconds ttl, int gzip_level, Now now)
    : max_bytes_(max_bytes), ttl_(ttl), gzip_level_(gzip_level), now_(std::move(now)) {}

std::shared_ptr<const CachedPage> PageCache::Get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    return nullptr;
  }
  if (ttl_.count() > 0 && now_() >= it->second.page->expires) {
    bytes_ -= it->second.bytes;
    lru_.erase(it->second.position);
    entries_.erase(it);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second.position);
  return it->second.page;
}

std::shared_ptr<const CachedPage> PageCache::Put(const std::string& key, std::string body,
                                                 std::string content_type, std::string etag) {
  auto page = std::make_shared<CachedPage>();
  page->etag = etag.empty() ? BodyEtag(body) : std::move(etag);
  page->body = std::make_shared<const std::string>(std::move(body));
  page->gzip_level_ = gzip_level_;
  page->content_type = std::move(content_type);
  page->expires = now_() + ttl_;
  // The gzip, made later, is counted ahead as a third of the body: HTML
  // compresses to less (docs/behaviour.md §17.9).
  const size_t bytes = key.size() + page->body->size() + page->body->size() / 3;
  std::lock_guard<std::mutex> lock(mu_);
  if (auto old = entries_.find(key); old != entries_.end()) {
    bytes_ -= old->second.bytes;
    lru_.erase(old->second.position);
    entries_.erase(old);
  }
  if (bytes > max_bytes_) {
    return page;  // Too large to keep; still answered.
  }
  lru_.push_front(key);
  entries_[key] = Slot{.page = page, .position = lru_.begin(), .bytes = bytes};
  bytes_ += bytes;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    auto last = entries_.find(lru_.back());
    bytes_ -= last->second.bytes;
    entries_.erase(last);
    lru_.pop_back();
  }
  return page;
}

std::string BodyEtag(std::string_view body) {
  return "\"" + base::Sha256Hex(body).substr(0, 16) + "\"";
}

std::optional<std::string> RecentEtags::Get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || now_() - it->second.checked >= window_) {
    return std::nullopt;
  }
  return it->second.etag;
}

void RecentEtags::Put(const std::string& key, std::string etag) {
  const auto now = now_();
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= max_entries_ && !entries_.contains(key)) {
    entries_.clear();  // Rare: more pages than entries within one window.
  }
  entries_[key] = Entry{.etag = std::move(etag), .checked = now};
}

http::Response ServeCached(const http::Request& request, const CachedPage& page,
                           std::string_view cache_control) {
  http::Response r;
  r.Header("Content-Type", page.content_type);
  r.Header("ETag", page.etag);
  if (!cache_control.empty()) {
    r.Header("Cache-Control", std::string(cache_control));
  }
  r.Header("Vary", "Accept-Encoding");
  if (http::EtagMatches(request.Header("if-none-match"), page.etag)) {
    r.status = 304;
    return r;
  }
  std::shared_ptr<const std::string> gz;
  if (http::AcceptsGzip(request) && (gz = page.Gzipped())) {
    r.Header("Content-Encoding", "gzip");
    r.shared_body = std::move(gz);
  } else {
    r.shared_body = page.body;
  }
  return r;
}

std::shared_ptr<const std::string> CachedPage::Gzipped() const {
  std::call_once(gz_once_, [this] {
    if (body->size() < 1024) {
      return;
    }
    std::string gz = http::Gzip(*body, gzip_level_);
    if (!gz.empty() && gz.size() < body->size()) {
      gz_ = std::make_shared<const std::string>(std::move(gz));
    }
  });
  return gz_;
}

}  // namespace wpp::web
