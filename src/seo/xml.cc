#include "seo/xml.h"

#include <time.h>

#include "base/strings.h"
#include "base/text.h"

namespace wpp::seo {

std::string XmlText(std::string_view s) {
  std::string clean;
  clean.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const size_t n = base::DecodeUtf8(s, i, &cp);
    if (n == 0) {
      clean += "\xEF\xBF\xBD";  // U+FFFD for a byte outside valid UTF-8.
      ++i;
      continue;
    }
    const bool allowed =
        cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
    if (allowed) {
      clean.append(s.substr(i, n));
    }
    i += n;
  }
  return base::XmlEscape(clean);
}

std::string DatePart(const std::string& rfc3339) {
  if (!base::ParseRfc3339(rfc3339)) {
    return {};
  }
  return rfc3339.substr(0, 10);
}

std::string Rfc1123(base::Clock::TimePoint t) {
  const time_t seconds = std::chrono::system_clock::to_time_t(t);
  struct tm parts {};
  gmtime_r(&seconds, &parts);
  char buffer[64];
  const size_t n = strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &parts);
  return std::string(buffer, n);
}

std::string Absolute(std::string_view app_url, std::string_view path) {
  while (!app_url.empty() && app_url.back() == '/') {
    app_url.remove_suffix(1);
  }
  return std::string(app_url) + std::string(path);
}

}  // namespace wpp::seo
