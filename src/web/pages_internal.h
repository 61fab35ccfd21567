// Shared by the page files of src/web (not for other libraries).

#pragma once

#include <string>
#include <string_view>

#include "db/pool.h"
#include "http/server.h"
#include "web/markdown.h"
#include "web/pages.h"
#include "web/renderer.h"

namespace wpp::web::internal {

struct Deps {
  db::ConnectionPool& pool;
  const Renderer& renderer;
  PagesOptions options;
};

http::Response HomePage(const http::Request& request, Format format, const Deps& deps);
http::Response HomePartial(const http::Request& request, const Deps& deps);
http::Response PackagePage(const http::Request& request, Format format, const Deps& deps);

// Backslash-escapes Markdown punctuation in untrusted text (one line).
std::string MdEscape(std::string_view text);
// A 500 page for a database failure (logged).
http::Response ServerError(const Renderer& renderer, std::string_view what, std::string_view error);
// The first `max_bytes` of `text` cut on a character boundary, with "…" when cut.
std::string Clip(std::string_view text, size_t max_bytes);

}  // namespace wpp::web::internal
