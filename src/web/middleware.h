// The request pipeline of the website (docs/behaviour.md §17.1): security
// headers and the CSP on every HTML answer, gzip, strong ETags with 304,
// trailing-slash redirects, the `.md` suffix of Markdown negotiation, and
// the HTML 404 page for paths no route matches.

#pragma once

#include <string>
#include <string_view>

#include "http/server.h"
#include "web/renderer.h"

namespace wpp::web {

// The middleware for router.Use (add it after the metrics middleware).
http::Middleware PageMiddleware(const Renderer& renderer);

// The HTML 404 page, for router.SetNotFound.
http::Handler NotFoundPage(const Renderer& renderer);
// The HTML 404 page as a response (handlers that decide a page is missing).
http::Response NotFoundResponse(const Renderer& renderer);

// The Content-Security-Policy the site sends (docs/behaviour.md §17.1).
std::string ContentSecurityPolicy(bool https);

// A strong ETag ("\"<16 hex>\"") over `seeds` and the renderer's version.
std::string PageEtag(const Renderer& renderer, std::initializer_list<std::string_view> seeds);
// When the request's If-None-Match names `etag`: a 304 with the ETag and
// `cache_control`, so the handler can answer before rendering anything.
std::optional<http::Response> NotModified(const http::Request& request, const std::string& etag,
                                          std::string_view cache_control);

// An HTML page answer with its caching headers.
http::Response HtmlPage(std::string body, std::string_view cache_control, std::string etag = {});

}  // namespace wpp::web

namespace wpp::web {
// Adds `token` to the response's Vary header (once, case-insensitively).
void AddVary(http::Response& response, std::string_view token);
// The first value of header `name` (case-insensitive) in a response, or "".
std::string ResponseHeader(const http::Response& response, std::string_view name);
}  // namespace wpp::web
