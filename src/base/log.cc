#include "base/log.h"

#include <atomic>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>

#include <fmt/format.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "base/strings.h"

namespace wpp::base::log {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};
std::atomic<int> g_format{static_cast<int>(Format::kText)};
std::shared_ptr<spdlog::logger>& Logger() {
  static auto* logger = new std::shared_ptr<spdlog::logger>();  // Never destroyed.
  return *logger;
}

constexpr size_t kRecentLimit = 50;

struct Recent {
  std::mutex mu;
  std::deque<std::string> records;  // Guarded by mu.
};
Recent& RecentLog() {
  static auto* recent = new Recent();  // Never destroyed.
  return *recent;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "DEBUG";
    case Level::kInfo:
      return "INFO";
    case Level::kWarn:
      return "WARN";
    case Level::kError:
      return "ERROR";
  }
  return "INFO";
}

bool NeedsQuotes(std::string_view v) {
  if (v.empty()) {
    return true;
  }
  for (char c : v) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) {
      return true;
    }
  }
  return false;
}

std::string TextValue(std::string_view v) {
  return NeedsQuotes(v) ? "\"" + JsonEscape(v) + "\"" : std::string(v);
}

}  // namespace

Field::Field(std::string_view k, double v) : key(k), value(fmt::format("{:.3f}", v)) {}

std::string RenderPayload(Format format, Level level, std::string_view message, Fields fields) {
  std::string out;
  if (format == Format::kJson) {
    out += "\"level\":\"";
    out += LevelName(level);
    out += "\",\"msg\":\"" + JsonEscape(message) + "\"";
    for (const Field& f : fields) {
      out += ",\"" + JsonEscape(f.key) + "\":";
      out += f.is_string ? "\"" + JsonEscape(f.value) + "\"" : f.value;
    }
    out += "}";
    return out;
  }
  out += "level=";
  out += LevelName(level);
  out += " msg=" + TextValue(message);
  for (const Field& f : fields) {
    out += " " + f.key + "=" + TextValue(f.value);
  }
  return out;
}

namespace {

void Install(std::vector<spdlog::sink_ptr> sinks) {
  auto logger = std::make_shared<spdlog::logger>("wpp", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::trace);
  const char* pattern = static_cast<Format>(g_format.load()) == Format::kJson
                            ? "{\"time\":\"%Y-%m-%dT%H:%M:%S.%eZ\",%v"
                            : "time=%Y-%m-%dT%H:%M:%S.%eZ %v";
  logger->set_pattern(pattern, spdlog::pattern_time_type::utc);
  logger->flush_on(spdlog::level::trace);
  Logger() = logger;
}

}  // namespace

void Init(Level level, Format format) {
  g_min_level = static_cast<int>(level);
  g_format = static_cast<int>(format);
  Install({std::make_shared<spdlog::sinks::stderr_sink_mt>()});
}

bool AlsoWriteTo(const std::string& path, std::string* error) {
  try {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, /*truncate=*/false);
    std::vector<spdlog::sink_ptr> sinks;
    if (auto& current = Logger()) {
      sinks = current->sinks();
    } else {
      sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
    }
    sinks.push_back(std::move(file));
    Install(std::move(sinks));
    return true;
  } catch (const std::exception& e) {
    *error = e.what();
    return false;
  }
}

bool Enabled(Level level) {
  return static_cast<int>(level) >= g_min_level.load();
}

void Write(Level level, std::string_view message, Fields fields) {
  if (!Enabled(level)) {
    return;
  }
  const auto format = static_cast<Format>(g_format.load());
  const std::string payload = RenderPayload(format, level, message, fields);
  {
    Recent& recent = RecentLog();
    std::lock_guard lock(recent.mu);
    recent.records.push_back(payload);
    if (recent.records.size() > kRecentLimit) {
      recent.records.pop_front();
    }
  }
  auto& logger = Logger();
  if (!logger) {
    std::fprintf(stderr, "%s\n", payload.c_str());
    return;
  }
  logger->info("{}", payload);
}

std::vector<std::string> RecentRecords(size_t n) {
  Recent& recent = RecentLog();
  std::lock_guard lock(recent.mu);
  const size_t start = recent.records.size() > n ? recent.records.size() - n : 0;
  return std::vector<std::string>(recent.records.begin() + static_cast<long>(start),
                                  recent.records.end());
}

bool ParseLevel(std::string_view text, Level* level) {
  const std::string lower = ToLower(text);
  if (lower == "debug") {
    *level = Level::kDebug;
  } else if (lower == "info") {
    *level = Level::kInfo;
  } else if (lower == "warn") {
    *level = Level::kWarn;
  } else if (lower == "error") {
    *level = Level::kError;
  } else {
    return false;
  }
  return true;
}

}  // namespace wpp::base::log
