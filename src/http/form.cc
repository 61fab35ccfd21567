#include "http/form.h"

#include <algorithm>
#include <charconv>

#include "base/strings.h"

namespace wpp::http {

std::optional<std::string> DecodeFormComponent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      // One "%XX" escape: exactly two hex digits.
      unsigned byte = 0;
      const char* first = text.data() + i + 1;
      const char* last = text.data() + std::min(i + 3, text.size());
      const auto [end, ec] = std::from_chars(first, last, byte, 16);
      if (ec != std::errc() || end != first + 2) {
        return std::nullopt;
      }
      out += static_cast<char>(byte);
      i += 2;
    }
  }
  return out;
}

base::Result<Values> ParseForm(std::string_view body) {
  Values values;
  for (const std::string& piece : base::Split(body, '&')) {
    if (piece.empty()) {
      continue;
    }
    const size_t eq = piece.find('=');
    auto name = DecodeFormComponent(std::string_view(piece).substr(0, eq));
    auto value = eq == std::string::npos
                     ? std::optional<std::string>("")
                     : DecodeFormComponent(std::string_view(piece).substr(eq + 1));
    if (!name || !value || !base::IsValidUtf8(*name) || !base::IsValidUtf8(*value)) {
      return base::Error(base::ErrorCode::kInvalidArgument, "malformed form field");
    }
    values.emplace(std::move(*name), std::move(*value));
  }
  return values;
}

base::Result<Values> Request::Form() const {
  const std::string type = base::ToLower(Header("content-type"));
  const std::string_view essence = base::Trim(std::string_view(type).substr(0, type.find(';')));
  if (essence != "application/x-www-form-urlencoded") {
    return base::Error(base::ErrorCode::kInvalidArgument, "body is not a urlencoded form");
  }
  return ParseForm(body);
}

Middleware MaxBody(size_t max_bytes) {
  return [max_bytes](Request& request, const Handler& next) {
    if (request.body.size() > max_bytes) {
      return Response::Text("request body too large\n", 413);
    }
    return next(request);
  };
}

}  // namespace wpp::http
