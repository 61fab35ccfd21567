// Markdown negotiation (docs/behaviour.md §17.5): a page registered with
// AddPage answers text/markdown at `<path>.md`, or at its own path when the
// Accept header prefers text/markdown; HTML answers name the Markdown
// sibling in a Link header. Either way `Vary: Accept`.

#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/server.h"

namespace wpp::web {

enum class Format { kHtml, kMarkdown };

// The media type an Accept header prefers among text/html and
// text/markdown (docs/behaviour.md §17.5); nullopt when neither is acceptable.
std::optional<Format> PreferredFormat(std::string_view accept);

// Set by PageMiddleware on a request whose path ended in ".md" (stripped).
struct MarkdownSuffix {
  std::shared_ptr<bool> served = std::make_shared<bool>(false);
};

using PageHandler = std::function<http::Response(const http::Request&, Format)>;

struct PageRoute {
  std::string pattern{};
  // Query keys that change the content (the Markdown sibling keeps them).
  std::vector<std::string> content_keys{};
  std::string app_url{};
  // The handler answers from memory on the connection thread when it can
  // (http::RouteOptions::inline_first).
  bool inline_first = false;
};

// Registers a negotiable GET page (a blocking route: pages read the database).
void AddPage(http::Router& router, PageRoute route, PageHandler handler);

// A Markdown answer: the body trimmed of trailing newlines plus one.
http::Response MarkdownResponse(std::string body, std::string_view cache_control, int status = 200);

// "?k=v&…" of the non-empty `keys` of `request` (sorted, form-encoded), or "".
std::string ContentQuery(const http::Request& request, const std::vector<std::string>& keys);

// The Markdown sibling URL of an HTML page: APP_URL + path + ".md" ("/" →
// "/index.md") + the content query.
std::string MarkdownSibling(std::string_view app_url, const http::Request& request,
                            const std::vector<std::string>& content_keys);

}  // namespace wpp::web
