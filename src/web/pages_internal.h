// Shared by the page files of src/web (not for other libraries).

#pragma once

#include <string>
#include <string_view>

#include "db/pool.h"
#include "http/server.h"
#include "web/catalog_store.h"
#include "web/markdown.h"
#include "web/page_cache.h"
#include "web/pages.h"
#include "web/renderer.h"
#include "web/search_index.h"

namespace wpp::web::internal {

struct Deps {
  db::ConnectionPool& pool;
  const Renderer& renderer;
  PagesOptions options;
  // Listings (home, partial) for a few seconds; package pages by ETag
  // (docs/behaviour.md §17.9).
  std::unique_ptr<PageCache> listings;
  std::unique_ptr<PageCache> packages;
  // Package pages' ETags checked in the last few seconds (docs/behaviour.md §17.9).
  std::unique_ptr<RecentEtags> recent;
  // The package query, prepared once per connection.
  std::unique_ptr<StatementCache> statements;
  // Searches answered from memory (docs/behaviour.md §17.10).
  std::unique_ptr<LiveSearchIndex> search;
};

http::Response HomePage(const http::Request& request, Format format, const Deps& deps);
http::Response HomePartial(const http::Request& request, const Deps& deps);
http::Response PackagePage(const http::Request& request, Format format, const Deps& deps);

// Untrusted text made displayable: valid UTF-8 (bad bytes → U+FFFD) with
// the bidirectional embedding, override and isolate controls (U+202A–U+202E,
// U+2066–U+2069) removed (docs/behaviour.md §17.3).
std::string Clean(std::string_view text);
// Backslash-escapes Markdown punctuation in untrusted text (one line).
std::string MdEscape(std::string_view text);
// A 500 page for a database failure (logged).
http::Response ServerError(const Renderer& renderer, std::string_view what, std::string_view error);
// The first `max_bytes` of `text` cut on a character boundary, with "…" when cut.
std::string Clip(std::string_view text, size_t max_bytes);

}  // namespace wpp::web::internal
