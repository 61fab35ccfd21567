// application/x-www-form-urlencoded bodies: the forms of the website and
// the admin area.

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "http/server.h"

namespace wpp::http {

// Decodes one form component: "%XX" escapes, and "+" as a space. Nullopt for
// a malformed escape ("%4", "%zz").
std::optional<std::string> DecodeFormComponent(std::string_view text);

// Parses "a=1&b=x+y&a=%C3%A9" into its pairs, in order; a name without "="
// has an empty value, empty pieces ("a=1&&b=2") are skipped. Errors:
// kInvalidArgument for a malformed escape or a name or value that is not
// UTF-8.
base::Result<Values> ParseForm(std::string_view body);

// Middleware that answers 413 when the body is larger than `max_bytes`
// (routes whose limit is below the server's max_body_bytes).
Middleware MaxBody(size_t max_bytes);

}  // namespace wpp::http
