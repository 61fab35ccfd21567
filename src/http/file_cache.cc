#include "http/file_cache.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>

#include <sys/stat.h>

#include "base/strings.h"

namespace wpp::http {
namespace {

std::string ReadAll(int fd, size_t size) {
  std::string data(size, '\0');
  size_t done = 0;
  while (done < size) {
    const ssize_t n = pread(fd, data.data() + done, size - done, static_cast<off_t>(done));
    if (n <= 0) {
      break;
    }
    done += static_cast<size_t>(n);
  }
  data.resize(done);
  return data;
}

// "\"<inode>-<size>-<mtime>\"" in lowercase hex (to_chars: snprintf
// was a visible part of a cached answer's cost).
std::string FileEtag(const struct stat& st) {
  char buffer[80];
  char* out = buffer;
  *out++ = '"';
  for (const long field : {static_cast<long>(st.st_ino), static_cast<long>(st.st_size),
                           static_cast<long>(st.st_mtime)}) {
    if (out != buffer + 1) {
      *out++ = '-';
    }
    out = std::to_chars(out, buffer + sizeof buffer - 1, field, 16).ptr;
  }
  *out++ = '"';
  return std::string(buffer, out);
}

}  // namespace

std::string Gzip(std::string_view data, int level) {
  // A compressor per thread and level, made once: making one costs more
  // than compressing a page. libdeflate: about twice zlib's speed at the
  // same level, the same gzip format.
  struct Compressors {
    std::array<libdeflate_compressor*, 13> at{};
    ~Compressors() {
      for (libdeflate_compressor* c : at) {
        if (c != nullptr) {
          libdeflate_free_compressor(c);
        }
      }
    }
  };
  thread_local Compressors compressors;
  level = std::clamp(level, 1, 12);
  libdeflate_compressor*& c = compressors.at[static_cast<size_t>(level)];
  if (c == nullptr && (c = libdeflate_alloc_compressor(level)) == nullptr) {
    return {};
  }
  std::string out(libdeflate_gzip_compress_bound(c, data.size()), '\0');
  const size_t n = libdeflate_gzip_compress(c, data.data(), data.size(), out.data(), out.size());
  out.resize(n);
  return out;  // Empty on failure (n == 0).
}

bool EtagMatches(std::string_view header, std::string_view etag) {
  if (base::Trim(header) == "*") {
    return true;
  }
  for (const auto& part : base::Split(header, ',')) {
    std::string_view tag = base::Trim(part);
    if (base::StartsWith(tag, "W/")) {
      tag.remove_prefix(2);
    }
    if (tag == etag) {
      return true;
    }
  }
  return false;
}

std::string HttpDate(long unix_seconds) {
  // Most calls in a row ask for the same second (a file's mtime, now).
  thread_local long last_seconds = -1;
  thread_local std::string last;
  if (unix_seconds == last_seconds) {
    return last;
  }
  const time_t t = unix_seconds;
  struct tm parts {};
  gmtime_r(&t, &parts);
  char buffer[64];
  strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  last_seconds = unix_seconds;
  last = buffer;
  return last;
}

bool AcceptsGzip(const Request& request) {
  for (const auto& part : base::Split(request.Header("accept-encoding"), ',')) {
    const std::string item = base::ToLower(base::Trim(part));
    if (base::StartsWith(item, "gzip")) {
      return item.find("q=0") == std::string::npos || item.find("q=0.") != std::string::npos;
    }
  }
  return false;
}

void FileCache::Insert(const std::string& etag, Bytes body, Bytes gz) {
  const size_t size = body->size() + (gz ? gz->size() : 0);
  if (size > max_bytes_ / 8) {
    return;  // Huge files are streamed, not cached.
  }
  if (auto it = entries_.find(etag); it != entries_.end()) {
    bytes_ -= it->second.body->size() + (it->second.gz ? it->second.gz->size() : 0);
    lru_.erase(it->second.position);
    entries_.erase(it);
  }
  while (bytes_ + size > max_bytes_ && !lru_.empty()) {
    auto victim = entries_.find(lru_.back());
    bytes_ -= victim->second.body->size() + (victim->second.gz ? victim->second.gz->size() : 0);
    entries_.erase(victim);
    lru_.pop_back();
  }
  lru_.push_front(etag);
  bytes_ += size;
  entries_.emplace(etag, Entry{std::move(body), std::move(gz), lru_.begin()});
}

FileCache::Bytes FileCache::Load(const std::string& etag, const std::string& path, size_t size,
                                 bool gzip) {
  Bytes body;
  {
    std::lock_guard lock(mu_);
    if (auto it = entries_.find(etag); it != entries_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.position);
      if (!gzip) {
        return it->second.body;
      }
      if (it->second.gz) {
        return it->second.gz;
      }
      body = it->second.body;
    }
  }
  if (!body) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return nullptr;
    }
    std::string data = ReadAll(fd, size);
    close(fd);
    if (data.size() != size) {
      return nullptr;  // Changed under us; the caller falls back to 404.
    }
    body = std::make_shared<const std::string>(std::move(data));
  }
  Bytes gz;
  if (gzip) {
    std::string deflated = Gzip(*body);
    gz = deflated.empty() ? body : std::make_shared<const std::string>(std::move(deflated));
  }
  std::lock_guard lock(mu_);
  Insert(etag, body, gz);
  return gzip ? gz : body;
}

Response FileCache::Serve(const Request& request, const std::string& path,
                          const std::string& content_type, const std::string& cache_control,
                          bool compressible) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Response::NotFound();
  }
  const std::string etag = FileEtag(st);
  const std::string modified = HttpDate(st.st_mtime);
  Response r;
  r.Header("ETag", etag).Header("Last-Modified", modified);
  r.Header("Cache-Control", cache_control).Header("Vary", "Accept-Encoding");
  const std::string if_none_match = request.Header("if-none-match");
  if (!if_none_match.empty() ? EtagMatches(if_none_match, etag)
                             : request.Header("if-modified-since") == modified) {
    r.status = 304;
    return r;
  }
  r.Header("Content-Type", content_type);
  const auto size = static_cast<size_t>(st.st_size);
  const bool gzip = compressible && AcceptsGzip(request) && size > 512;
  Bytes bytes = Load(etag, path, size, gzip);
  if (!bytes) {
    return Response::NotFound();
  }
  if (gzip && bytes->size() != size) {
    r.Header("Content-Encoding", "gzip");
  }
  r.shared_body = std::move(bytes);
  return r;
}

}  // namespace wpp::http
