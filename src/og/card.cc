#include "og/card.h"

#include <cmath>
#include <cstdio>

#include "base/strings.h"

namespace wpp::og {

std::string PackageImageKey(base::PackageType type, std::string_view slug) {
  std::string key = "social/";
  key += base::TypeName(type);
  key += '/';
  key += slug;
  key += ".png";
  return key;
}

std::string ImageUrl(std::string_view cdn_public_url, std::string_view app_url,
                     std::string_view key) {
  auto trimmed = [](std::string_view url) {
    while (!url.empty() && url.back() == '/') {
      url.remove_suffix(1);
    }
    return std::string(url);
  };
  if (!cdn_public_url.empty()) {
    return trimmed(cdn_public_url) + "/" + std::string(key);
  }
  return trimmed(app_url) + "/og/" + std::string(key);
}

std::string FormatCount(int64_t count) {
  char text[32];
  if (count >= 1'000'000) {
    std::snprintf(text, sizeof text, "%.1fM", static_cast<double>(count) / 1e6);
  } else if (count >= 1000) {
    std::snprintf(text, sizeof text, "%.0fk", static_cast<double>(count) / 1e3);
  } else if (count >= 100) {
    std::snprintf(text, sizeof text, "%lld+", static_cast<long long>(count / 100 * 100));
  } else if (count >= 10) {
    std::snprintf(text, sizeof text, "%lld+", static_cast<long long>(count / 10 * 10));
  } else {
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(count < 0 ? 0 : count));
  }
  return text;
}

std::string HostOf(std::string_view url) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (base::StartsWith(url, scheme)) {
      url.remove_prefix(scheme.size());
      const size_t end = url.find_first_of("/?#");
      return std::string(url.substr(0, end));
    }
  }
  return {};
}

std::optional<std::string> KeyFromPath(std::string_view path) {
  if (path.empty() || path.size() > 300 || !base::EndsWith(path, ".png")) {
    return std::nullopt;
  }
  bool segment_start = true;
  for (const char c : path) {
    if (c == '/') {
      if (segment_start) {
        return std::nullopt;  // Empty segment or leading '/'.
      }
      segment_start = true;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok || (segment_start && c == '.')) {
      return std::nullopt;
    }
    segment_start = false;
  }
  return std::string(path);
}

std::string CardText(std::string_view text, size_t max_chars) {
  const std::string clean = base::SanitizeUtf8(text);
  std::string out;
  out.reserve(std::min(clean.size(), max_chars * 4));
  size_t chars = 0;
  bool pending_space = false;
  for (size_t i = 0; i < clean.size() && chars < max_chars;) {
    uint32_t cp = 0;
    size_t len = base::DecodeUtf8(clean, i, &cp);
    if (len == 0) {
      len = 1;
      cp = 0xFFFD;
    }
    // C0/C1 controls, DEL and the Unicode line/paragraph separators draw as
    // boxes or break lines: they become spaces.
    const bool space = cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x2028 || cp == 0x2029;
    if (space) {
      pending_space = !out.empty();
    } else {
      if (pending_space) {
        out += ' ';
        ++chars;
        pending_space = false;
      }
      out.append(clean, i, len);
      ++chars;
    }
    i += len;
  }
  return out;
}

}  // namespace wpp::og
