#include "admin/log_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include <sys/stat.h>

namespace wpp::admin {
namespace {

constexpr off_t kTailBytes = 1 << 20;

}  // namespace

std::vector<std::string> LastLines(const std::string& path, size_t n) {
  std::vector<std::string> lines;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return lines;
  }
  struct stat st {};
  fstat(fd, &st);
  const off_t start = std::max<off_t>(0, st.st_size - kTailBytes);
  std::string data(static_cast<size_t>(st.st_size - start), '\0');
  const ssize_t got = pread(fd, data.data(), data.size(), start);
  close(fd);
  data.resize(got > 0 ? static_cast<size_t>(got) : 0);
  // Only complete lines; when the read began mid-file, its first line is cut.
  const size_t end = data.rfind('\n');
  if (end == std::string::npos) {
    return lines;
  }
  size_t pos = 0;
  if (start > 0) {
    pos = data.find('\n') + 1;
  }
  while (pos <= end) {
    const size_t nl = data.find('\n', pos);
    if (nl > pos) {
      lines.push_back(data.substr(pos, nl - pos));
    }
    pos = nl + 1;
  }
  if (lines.size() > n) {
    lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(n));
  }
  return lines;
}

std::string SseEvent(std::string_view line) {
  std::string out = "data: ";
  for (const char c : line) {
    if (c != '\r' && c != '\n') {
      out += c;
    }
  }
  out += "\n\n";
  return out;
}

LogStream::LogStream(std::string path, std::string name, LogStreamOptions options,
                     std::function<void()> on_end)
    : path_(std::move(path)),
      name_(std::move(name)),
      options_(options),
      on_end_(std::move(on_end)) {}

LogStream::~LogStream() {
  Close();
  if (on_end_) {
    on_end_();
  }
}

void LogStream::Close() {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
  partial_.clear();
}

bool LogStream::Open(bool from_start, std::string* out) {
  fd_ = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    return false;
  }
  struct stat st {};
  fstat(fd_, &st);
  inode_ = st.st_ino;
  device_ = st.st_dev;
  if (from_start) {
    offset_ = 0;
    ReadNew(out);
    return true;
  }
  for (const std::string& line : LastLines(path_, options_.initial_lines)) {
    *out += SseEvent(line);
  }
  // Whatever follows the last complete line is read as it completes.
  offset_ = static_cast<uint64_t>(st.st_size);
  if (st.st_size > 0) {
    char last = '\n';
    if (pread(fd_, &last, 1, st.st_size - 1) == 1 && last != '\n') {
      std::string tail(static_cast<size_t>(std::min<off_t>(st.st_size, kTailBytes)), '\0');
      const off_t from = st.st_size - static_cast<off_t>(tail.size());
      const ssize_t got = pread(fd_, tail.data(), tail.size(), from);
      tail.resize(got > 0 ? static_cast<size_t>(got) : 0);
      const size_t nl = tail.rfind('\n');
      partial_ = nl == std::string::npos ? tail : tail.substr(nl + 1);
    }
  }
  return true;
}

void LogStream::ReadNew(std::string* out) {
  std::string buf(options_.read_chunk, '\0');
  const ssize_t got = pread(fd_, buf.data(), buf.size(), static_cast<off_t>(offset_));
  if (got <= 0) {
    return;
  }
  offset_ += static_cast<uint64_t>(got);
  partial_.append(buf.data(), static_cast<size_t>(got));
  size_t pos = 0;
  for (size_t nl = partial_.find('\n'); nl != std::string::npos; nl = partial_.find('\n', pos)) {
    if (nl > pos) {
      *out += SseEvent(std::string_view(partial_).substr(pos, nl - pos));
    }
    pos = nl + 1;
  }
  partial_.erase(0, pos);
  if (partial_.size() > options_.read_chunk) {  // A line without end: send what there is.
    *out += SseEvent(partial_);
    partial_.clear();
  }
}

bool LogStream::Poll(std::string* out) {
  const Clock::time_point now = Clock::now();
  if (now - started_ >= options_.max_age) {
    *out += "event: end\ndata: stream time limit reached, reconnecting\n\n";
    return false;
  }
  const size_t before = out->size();
  if (fd_ < 0) {
    if (!Open(/*from_start=*/false, out) && now - last_notice_ >= options_.waiting_notice) {
      *out += SseEvent("Waiting for " + name_ + ".log ...");
      last_notice_ = now;
    }
  } else {
    struct stat st {};
    const bool exists = stat(path_.c_str(), &st) == 0;
    const bool replaced =
        exists && (static_cast<uint64_t>(st.st_ino) != inode_ || st.st_dev != device_);
    struct stat open_st {};
    fstat(fd_, &open_st);
    const bool truncated = static_cast<uint64_t>(open_st.st_size) < offset_;
    if (truncated) {
      offset_ = 0;
      partial_.clear();
    }
    ReadNew(out);
    if (replaced) {
      // Rotated: the rest of the old file was read above; the new one is
      // read from its start.
      Close();
      Open(/*from_start=*/true, out);
    }
  }
  if (out->size() > before) {
    last_sent_ = now;
  } else if (now - last_sent_ >= options_.heartbeat) {
    *out += ": heartbeat\n\n";
    last_sent_ = now;
  }
  return true;
}

}  // namespace wpp::admin
