#include "wporg/dates.h"

#include <time.h>

#include <array>
#include <cstdint>

#include "base/clock.h"

namespace wpp::wporg {
namespace {

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int offset_seconds = 0;  // Local time minus UTC.
};

// A cursor over the text being parsed; every Read* advances on success only.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool Read(char c) {
    if (!Peek(c)) {
      return false;
    }
    ++pos_;
    return true;
  }
  bool ReadLiteral(std::string_view s) {
    if (text_.substr(pos_, s.size()) != s) {
      return false;
    }
    pos_ += s.size();
    return true;
  }
  // Exactly `min`..`max` ASCII digits.
  bool ReadNumber(int min, int max, int* value) {
    int n = 0;
    int v = 0;
    while (n < max && pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      v = v * 10 + (text_[pos_++] - '0');
      ++n;
    }
    if (n < min) {
      pos_ -= static_cast<size_t>(n);
      return false;
    }
    *value = v;
    return true;
  }
  size_t SkipWhile(bool (*pred)(char)) {
    const size_t start = pos_;
    while (pos_ < text_.size() && pred(text_[pos_])) {
      ++pos_;
    }
    return pos_ - start;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool ReadDate(Scanner& s, Fields* f) {
  return s.ReadNumber(4, 4, &f->year) && s.Read('-') && s.ReadNumber(2, 2, &f->month) &&
         s.Read('-') && s.ReadNumber(2, 2, &f->day);
}

bool ReadClock(Scanner& s, Fields* f) {
  return s.ReadNumber(2, 2, &f->hour) && s.Read(':') && s.ReadNumber(2, 2, &f->minute) &&
         s.Read(':') && s.ReadNumber(2, 2, &f->second);
}

// Years outside this range are not WordPress.org dates, and would overflow
// the clock's nanosecond time points.
constexpr int kMinYear = 1970;
constexpr int kMaxYear = 2200;

bool Valid(const Fields& f) {
  if (f.year < kMinYear || f.year > kMaxYear) {
    return false;
  }
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > kDays[f.month - 1]) {
    return false;
  }
  const bool leap = (f.year % 4 == 0 && f.year % 100 != 0) || f.year % 400 == 0;
  if (f.month == 2 && f.day == 29 && !leap) {
    return false;
  }
  return f.hour <= 23 && f.minute <= 59 && f.second <= 59;
}

std::optional<std::string> Format(const Fields& f) {
  if (!Valid(f)) {
    return std::nullopt;
  }
  struct tm parts {};
  parts.tm_year = f.year - 1900;
  parts.tm_mon = f.month - 1;
  parts.tm_mday = f.day;
  parts.tm_hour = f.hour;
  parts.tm_min = f.minute;
  parts.tm_sec = f.second;
  const int64_t utc = static_cast<int64_t>(timegm(&parts)) - f.offset_seconds;
  return base::FormatRfc3339(base::FromUnixSeconds(utc));
}

// "2024-10-03 2:31pm GMT"
std::optional<std::string> ParseTwelveHour(std::string_view text) {
  Scanner s(text);
  Fields f;
  if (!ReadDate(s, &f) || !s.Read(' ') || !s.ReadNumber(1, 2, &f.hour) || !s.Read(':') ||
      !s.ReadNumber(2, 2, &f.minute)) {
    return std::nullopt;
  }
  const bool pm = s.ReadLiteral("pm");
  if (!pm && !s.ReadLiteral("am")) {
    return std::nullopt;
  }
  if (f.hour < 1 || f.hour > 12 || !s.Read(' ') || s.SkipWhile(IsLetter) < 3 || !s.done()) {
    return std::nullopt;
  }
  f.hour = (f.hour % 12) + (pm ? 12 : 0);
  return Format(f);
}

// "2024-10-03 14:31:00" or "2024-10-03T14:31:00", no zone.
std::optional<std::string> ParseNaive(std::string_view text, char separator) {
  Scanner s(text);
  Fields f;
  if (!ReadDate(s, &f) || !s.Read(separator) || !ReadClock(s, &f) || !s.done()) {
    return std::nullopt;
  }
  return Format(f);
}

std::optional<std::string> ParseDateOnly(std::string_view text) {
  Scanner s(text);
  Fields f;
  if (!ReadDate(s, &f) || !s.done()) {
    return std::nullopt;
  }
  return Format(f);
}

int MonthFromName(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

}  // namespace

std::optional<std::string> ParseRfc3339(std::string_view text) {
  Scanner s(text);
  Fields f;
  if (!ReadDate(s, &f) || !(s.Read('T') || s.Read('t')) || !ReadClock(s, &f)) {
    return std::nullopt;
  }
  if (s.Read('.') && s.SkipWhile(IsDigit) == 0) {
    return std::nullopt;
  }
  if (s.Read('Z') || s.Read('z')) {
    return s.done() ? Format(f) : std::nullopt;
  }
  const bool minus = s.Peek('-');
  int hours = 0;
  int minutes = 0;
  if (!(s.Read('+') || s.Read('-')) || !s.ReadNumber(2, 2, &hours) || !s.Read(':') ||
      !s.ReadNumber(2, 2, &minutes) || !s.done() || hours > 23 || minutes > 59) {
    return std::nullopt;
  }
  f.offset_seconds = (minus ? -1 : 1) * (hours * 3600 + minutes * 60);
  return Format(f);
}

std::optional<std::string> ParseApiDate(std::string_view text) {
  if (auto t = ParseTwelveHour(text)) {
    return t;
  }
  if (auto t = ParseNaive(text, ' ')) {
    return t;
  }
  if (auto t = ParseNaive(text, 'T')) {
    return t;
  }
  if (auto t = ParseRfc3339(text)) {
    return t;
  }
  return ParseDateOnly(text);
}

std::optional<std::string> ParseHttpDate(std::string_view text) {
  // "Thu, 03 Oct 2024 14:31:00 GMT"
  const size_t comma = text.find(", ");
  if (comma == std::string_view::npos) {
    return std::nullopt;
  }
  Scanner s(text.substr(comma + 2));
  Fields f;
  const std::string_view rest = text.substr(comma + 2);
  if (!s.ReadNumber(1, 2, &f.day) || !s.Read(' ') || rest.size() < 7) {
    return std::nullopt;
  }
  const size_t month_at = rest.find(' ') + 1;
  f.month = MonthFromName(rest.substr(month_at, 3));
  Scanner t(rest.substr(month_at + 3));
  if (f.month == 0 || !t.Read(' ') || !t.ReadNumber(4, 4, &f.year) || !t.Read(' ') ||
      !ReadClock(t, &f) || !t.ReadLiteral(" GMT") || !t.done()) {
    return std::nullopt;
  }
  return Format(f);
}

}  // namespace wpp::wporg
