// The live log viewer's stream (docs/behaviour.md §19.5): server-sent events
// of one log file, the last lines first, then new lines as they are
// appended; follows rotation and truncation; heartbeats; ends after a
// maximum time.

#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http/server.h"

namespace wpp::admin {

struct LogStreamOptions {
  size_t initial_lines = 200;
  std::chrono::milliseconds poll{500};
  std::chrono::milliseconds waiting_notice{2000};  // "Waiting for …" while the file is missing.
  std::chrono::milliseconds heartbeat{15'000};
  std::chrono::milliseconds max_age{std::chrono::hours(1)};
  size_t read_chunk = 64 * 1024;
};

// The last `n` complete lines of the file (reads at most its last 1 MiB).
std::vector<std::string> LastLines(const std::string& path, size_t n);

// One line as an SSE event ("data: …\n\n"); a carriage return is dropped.
std::string SseEvent(std::string_view line);

class LogStream : public http::BodyStream {
 public:
  // `on_end` runs when the stream is destroyed (frees a stream slot).
  LogStream(std::string path, std::string name, LogStreamOptions options,
            std::function<void()> on_end);
  ~LogStream() override;
  LogStream(const LogStream&) = delete;
  LogStream& operator=(const LogStream&) = delete;

  bool Poll(std::string* out) override;
  std::chrono::milliseconds poll_interval() const override { return options_.poll; }

 private:
  using Clock = std::chrono::steady_clock;
  // Opens the file; true when it exists. `from_start`: read it all as new
  // lines (a rotated file), else begin with its last lines.
  bool Open(bool from_start, std::string* out);
  // Emits the complete lines appended since the last read.
  void ReadNew(std::string* out);
  void Close();

  const std::string path_;
  const std::string name_;
  const LogStreamOptions options_;
  std::function<void()> on_end_;
  int fd_ = -1;
  uint64_t inode_ = 0;
  uint64_t device_ = 0;
  uint64_t offset_ = 0;
  std::string partial_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_sent_ = Clock::now();
  Clock::time_point last_notice_{};
};

}  // namespace wpp::admin
