#include "composer/json_writer.h"

#include <charconv>

namespace wpp::composer {
std::string JsonString(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendJsonString(s, &out);
  return out;
}

void AppendJsonInt(int64_t n, std::string* out) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, n);
  out->append(buffer, end);
}

}  // namespace wpp::composer
