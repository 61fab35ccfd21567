// Cookies: the Cookie request header and Set-Cookie answers (the admin
// area's session cookie).

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/server.h"

namespace wpp::http {

struct CookieOptions {
  std::string path = "/";
  std::optional<int64_t> max_age_seconds{};  // 0 deletes the cookie.
  std::optional<int64_t> expires_unix{};     // Expires=<HTTP date>.
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";  // "Strict", "Lax", "None" or empty (omitted).
};

// The pairs of a Cookie header ("a=1; b=2"), in order; surrounding spaces
// and a value's double quotes are removed, pieces without "=" skipped.
std::vector<std::pair<std::string, std::string>> ParseCookies(std::string_view header);

// A Set-Cookie header value: "name=value; Path=/; Max-Age=60; HttpOnly; …".
// `name` and `value` must already be cookie-safe (no ';', ',', spaces or
// controls).
std::string SetCookieValue(std::string_view name, std::string_view value,
                           const CookieOptions& options);

}  // namespace wpp::http
