#include "web/format.h"

#include <cstdio>

#include "base/strings.h"

namespace wpp::web {

std::string Comma(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string AxisLabel(int64_t n) {
  char buf[32];
  const auto scaled = [&](double v, const char* unit) {
    if (v == static_cast<double>(static_cast<int64_t>(v))) {
      std::snprintf(buf, sizeof buf, "%lld%s", static_cast<long long>(v), unit);
    } else {
      std::snprintf(buf, sizeof buf, "%.1f%s", v, unit);
    }
    return std::string(buf);
  };
  if (n >= 1'000'000) {
    return scaled(static_cast<double>(n) / 1e6, "M");
  }
  if (n >= 1'000) {
    return scaled(static_cast<double>(n) / 1e3, "k");
  }
  return std::to_string(n);
}

std::string DateOnly(std::string_view timestamp) {
  if (timestamp.size() >= 10 && timestamp[4] == '-' && timestamp[7] == '-') {
    return std::string(timestamp.substr(0, 10));
  }
  return std::string(timestamp);
}

bool IsSafeHref(std::string_view url) {
  const std::string lower = base::ToLower(url.substr(0, 8));
  if (!lower.starts_with("http://") && !lower.starts_with("https://")) {
    return false;
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f) {
      return false;
    }
  }
  return true;
}

}  // namespace wpp::web
