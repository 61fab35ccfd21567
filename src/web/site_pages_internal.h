// Shared by the page files of site_pages.h (not for other libraries).

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "db/pool.h"
#include "http/server.h"
#include "web/markdown.h"
#include "web/page_cache.h"
#include "web/renderer.h"
#include "web/site_pages.h"
#include "web/value.h"

namespace wpp::web::site {

// Pages kept for a few seconds (the status page), shared by all threads:
// the body with its ETag and gzip (made once, on first use), so a kept page
// costs no hashing or compression per request.
class ResponseCache {
 public:
  // The kept page for `key` as the answer to `request` (304 when it names
  // the ETag), or nullopt when none is kept or it expired.
  std::optional<http::Response> Get(const http::Request& request, const std::string& key,
                                    base::Clock::TimePoint now);
  // Keeps a 200 answer's body, Content-Type and Cache-Control; returns the
  // kept page as the answer to `request`.
  http::Response Put(const http::Request& request, const std::string& key,
                     const http::Response& response, base::Clock::TimePoint expires);

 private:
  struct Entry {
    base::Clock::TimePoint expires{};
    std::shared_ptr<const CachedPage> page{};
    std::string cache_control{};
  };
  std::mutex mu_;
  std::map<std::string, Entry> entries_;  // Guarded by mu_.
};

struct Deps {
  db::ConnectionPool& pool;
  const Renderer& renderer;
  base::Clock& clock;
  SitePagesOptions options;
  std::shared_ptr<ResponseCache> cache = std::make_shared<ResponseCache>();
  // The untagged page and fragment by normalised query, for 30 seconds
  // (docs/behaviour.md §18.11).
  std::shared_ptr<PageCache> untagged_cache =
      std::make_shared<PageCache>(size_t{16} << 20, std::chrono::seconds(30));
  // The closures pages (HTML) for 60 seconds (docs/behaviour.md §18.10).
  std::shared_ptr<PageCache> closures_cache =
      std::make_shared<PageCache>(size_t{8} << 20, std::chrono::seconds(60));
};

http::Response StatusPage(const http::Request& request, Format format, const Deps& deps);
http::Response ClosuresPage(const http::Request& request, Format format, const Deps& deps);
http::Response VendorPage(const http::Request& request, Format format, const Deps& deps);
http::Response Untagged(const http::Request& request, Format format, const Deps& deps);
http::Response UntaggedFragment(const http::Request& request, const Deps& deps);
http::Response UntaggedAuthorList(const http::Request& request, const Deps& deps);
http::Response DocsPage(const http::Request& request, Format format, const Deps& deps);
http::Response ComparePage(const http::Request& request, Format format, const Deps& deps);
http::Response WordpressCorePage(const http::Request& request, Format format, const Deps& deps);

// "3 minutes ago" from an RFC 3339 time ("" when it does not parse).
std::string Ago(base::Clock::TimePoint now, const std::string& rfc3339);
// "Jan 02, 2026" from an RFC 3339 time (as it is when it does not parse).
std::string ShortDate(const std::string& rfc3339);
// The page number of `?page=` (1 when missing or invalid; capped).
int64_t PageParam(const http::Request& request);
// Common fields of the static pages: site name, URL, composer command.
void SetSiteFields(const Deps& deps, Value& data);
// Sets `key` only when `text` is not empty: in the templates an empty
// string still opens a {{#section}}, an absent key does not.
void SetText(Value& value, std::string key, std::string text);
// The og:image of a page's card, when configured.
std::string OgImage(const Deps& deps, std::string_view page);

}  // namespace wpp::web::site

namespace wpp::web::site {

// A static content page: templates/<name>.mustache for HTML and
// templates/<name>_md.mustache for Markdown, both rendered with the site
// fields (docs/behaviour.md §18.12).
struct ContentPageSpec {
  std::string name{};
  std::string title{};
  std::string description{};
  std::string path{};
  std::string nav{};
};
http::Response ContentPage(const http::Request& request, Format format, const Deps& deps,
                           const ContentPageSpec& spec);

}  // namespace wpp::web::site
