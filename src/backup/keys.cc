#include "backup/keys.h"

#include <time.h>

#include <regex>

namespace wpp::backup::keys {

std::string Prefix(const std::string& prefix) {
  std::string_view p = prefix;
  while (!p.empty() && p.front() == '/') {
    p.remove_prefix(1);
  }
  while (!p.empty() && p.back() == '/') {
    p.remove_suffix(1);
  }
  return p.empty() ? std::string() : std::string(p) + "/";
}

std::string Stamp(base::Clock::TimePoint t) {
  std::string stamp;
  for (const char c : base::FormatRfc3339(t)) {
    if (c != '-' && c != ':') {
      stamp += c;
    }
  }
  return stamp;
}

bool IsStamp(const std::string& text) {
  static const std::regex pattern(R"(\d{8}T\d{6}Z)");
  return std::regex_match(text, pattern);
}

base::Clock::TimePoint ParseStamp(const std::string& stamp) {
  struct tm parts {};
  parts.tm_year = std::stoi(stamp.substr(0, 4)) - 1900;
  parts.tm_mon = std::stoi(stamp.substr(4, 2)) - 1;
  parts.tm_mday = std::stoi(stamp.substr(6, 2));
  parts.tm_hour = std::stoi(stamp.substr(9, 2));
  parts.tm_min = std::stoi(stamp.substr(11, 2));
  parts.tm_sec = std::stoi(stamp.substr(13, 2));
  return base::FromUnixSeconds(timegm(&parts));
}

std::string ForStamp(const std::string& prefix, const std::string& stamp) {
  return Prefix(prefix) + stamp.substr(0, 4) + "/" + stamp.substr(4, 2) + "/" + stamp.substr(6, 2) +
         "/" + stamp + ".db.zst";
}

std::string Latest(const std::string& prefix) {
  return Prefix(prefix) + "latest.json";
}

std::string Checksum(const std::string& snapshot_key) {
  return snapshot_key + ".sha256";
}

}  // namespace wpp::backup::keys
