#include "http/file_cache.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

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

std::string Deflate(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

bool EtagMatches(const std::string& header, const std::string& etag) {
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

}  // namespace

std::string HttpDate(long unix_seconds) {
  const time_t t = unix_seconds;
  struct tm parts {};
  gmtime_r(&t, &parts);
  char buffer[64];
  strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return buffer;
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

std::string FileCache::Gzip(const std::string& etag, int fd, size_t size) {
  {
    std::lock_guard lock(mu_);
    if (auto it = entries_.find(etag); it != entries_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.position);
      return it->second.gz;
    }
  }
  std::string gz = Deflate(ReadAll(fd, size));
  std::lock_guard lock(mu_);
  if (gz.empty() || gz.size() > max_bytes_ || entries_.count(etag)) {
    return gz;
  }
  while (bytes_ + gz.size() > max_bytes_ && !lru_.empty()) {
    auto victim = entries_.find(lru_.back());
    bytes_ -= victim->second.gz.size();
    entries_.erase(victim);
    lru_.pop_back();
  }
  lru_.push_front(etag);
  bytes_ += gz.size();
  entries_.emplace(etag, Entry{gz, lru_.begin()});
  return gz;
}

Response FileCache::Serve(const Request& request, const std::string& path,
                          const std::string& content_type, const std::string& cache_control) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) {
      close(fd);
    }
    return Response::NotFound();
  }
  char etag_buffer[80];
  snprintf(etag_buffer, sizeof etag_buffer, "\"%lx-%lx-%lx\"", static_cast<long>(st.st_ino),
           static_cast<long>(st.st_size), static_cast<long>(st.st_mtime));
  const std::string etag = etag_buffer;
  Response r;
  r.Header("ETag", etag).Header("Last-Modified", HttpDate(st.st_mtime));
  r.Header("Cache-Control", cache_control).Header("Vary", "Accept-Encoding");
  const std::string if_none_match = request.Header("if-none-match");
  const bool not_modified = !if_none_match.empty()
                                ? EtagMatches(if_none_match, etag)
                                : request.Header("if-modified-since") == HttpDate(st.st_mtime);
  if (not_modified) {
    close(fd);
    r.status = 304;
    return r;
  }
  r.Header("Content-Type", content_type);
  const auto size = static_cast<size_t>(st.st_size);
  if (AcceptsGzip(request) && size > 512) {
    std::string gz = Gzip(etag, fd, size);
    close(fd);
    if (!gz.empty()) {
      r.Header("Content-Encoding", "gzip");
      r.body = std::move(gz);
      return r;
    }
    return Serve(Request{.method = request.method, .path = request.path}, path, content_type,
                 cache_control);
  }
  r.file_fd = fd;
  r.file_size = size;
  return r;
}

}  // namespace wpp::http
