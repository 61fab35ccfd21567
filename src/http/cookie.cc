#include "http/cookie.h"

#include "base/strings.h"
#include "http/file_cache.h"

namespace wpp::http {

std::vector<std::pair<std::string, std::string>> ParseCookies(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> cookies;
  for (const std::string& piece : base::Split(header, ';')) {
    const size_t eq = piece.find('=');
    if (eq == std::string::npos) {
      continue;
    }
    const std::string_view name = base::Trim(std::string_view(piece).substr(0, eq));
    std::string_view value = base::Trim(std::string_view(piece).substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!name.empty()) {
      cookies.emplace_back(name, value);
    }
  }
  return cookies;
}

std::string SetCookieValue(std::string_view name, std::string_view value,
                           const CookieOptions& options) {
  std::string out = std::string(name) + "=" + std::string(value);
  if (!options.path.empty()) {
    out += "; Path=" + options.path;
  }
  if (options.max_age_seconds) {
    out += "; Max-Age=" + std::to_string(*options.max_age_seconds);
  }
  if (options.expires_unix) {
    out += "; Expires=" + HttpDate(static_cast<long>(*options.expires_unix));
  }
  if (options.http_only) {
    out += "; HttpOnly";
  }
  if (options.secure) {
    out += "; Secure";
  }
  if (!options.same_site.empty()) {
    out += "; SameSite=" + options.same_site;
  }
  return out;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key != "cookie") {
      continue;
    }
    for (auto& [cookie, cookie_value] : ParseCookies(value)) {
      if (cookie == name) {
        return std::move(cookie_value);
      }
    }
  }
  return std::nullopt;
}

Response& Response::SetCookie(std::string_view name, std::string_view value,
                              const CookieOptions& options) {
  return Header("Set-Cookie", SetCookieValue(name, value, options));
}

}  // namespace wpp::http
