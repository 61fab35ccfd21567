#include "format.h"

#include <time.h>

#include "base/text.h"
#include "base/utc_format.h"

namespace wpp::fakewporg {
namespace {

std::string Strftime(int64_t ms, const char* format) {
  return base::FormatUtc(base::Clock::TimePoint(std::chrono::milliseconds(ms)), format);
}

}  // namespace

std::string FormatDay(int64_t ms) {
  return Strftime(ms, "%Y-%m-%d");
}

std::string FormatLongDay(int64_t ms) {
  std::string day = Strftime(ms, "%d");
  if (day[0] == '0') {
    day.erase(0, 1);
  }
  return Strftime(ms, "%B ") + day + Strftime(ms, ", %Y");
}

std::string FormatLastUpdated(int64_t ms, DateStyle style) {
  if (style == DateStyle::kIso) {
    return Strftime(ms, "%Y-%m-%d %H:%M:%S");
  }
  std::string hour = Strftime(ms, "%I");
  if (hour[0] == '0') {
    hour.erase(0, 1);
  }
  std::string ampm = Strftime(ms, "%p");
  ampm = ampm == "PM" ? "pm" : "am";
  return Strftime(ms, "%Y-%m-%d ") + hour + Strftime(ms, ":%M") + ampm + " GMT";
}

std::string FormatSvnDate(int64_t ms) {
  const int64_t millis = ((ms % 1000) + 1000) % 1000;
  std::string frac = std::to_string(millis * 1000);
  frac.insert(0, 6 - frac.size(), '0');
  return Strftime(ms, "%Y-%m-%dT%H:%M:%S.") + frac + "Z";
}

std::string FormatHttpDate(int64_t ms) {
  return Strftime(ms, "%a, %d %b %Y %H:%M:%S GMT");
}

std::string FormatRfc3339(int64_t ms) {
  return Strftime(ms, "%Y-%m-%dT%H:%M:%SZ");
}

std::string DownloadUrl(std::string_view base, RepoType type, std::string_view slug,
                        std::string_view version) {
  std::string url(base);
  url += "/downloads/";
  url += RepoTypeName(type);
  url += '/';
  url += slug;
  if (!version.empty()) {
    url += '.';
    url += base::PercentEncode(version);
  }
  url += ".zip";
  return url;
}

}  // namespace wpp::fakewporg
