#include "seo/seo_routes.h"

#include <map>
#include <memory>
#include <mutex>

#include "base/hash.h"
#include "base/log.h"
#include "base/strings.h"
#include "http/file_cache.h"
#include "seo/render.h"
#include "seo/xml.h"

namespace wpp::seo {
namespace {

using http::Request;
using http::Response;

constexpr char kXmlType[] = "application/xml; charset=utf-8";
constexpr char kFeedCache[] = "public, max-age=3600";
constexpr char kLegacyPackagesPrefix[] = "/sitemap-packages-";
constexpr size_t kGzipMinBytes = 1024;

struct Document {
  std::shared_ptr<const std::string> body;
  std::shared_ptr<const std::string> gz;  // Null when not worth compressing.
  std::string etag;
  std::string modified;  // HTTP date of generation.
  base::Clock::TimePoint expires;
};

// sitemap file name → its number: "packages-12.xml" → 12; nullopt for
// anything else (signs, spaces, leading "+", more than 9 digits).
std::optional<int64_t> PackageFileNumber(std::string_view file, std::string_view prefix) {
  if (!base::StartsWith(file, prefix) || !base::EndsWith(file, ".xml")) {
    return std::nullopt;
  }
  const std::string_view digits = file.substr(prefix.size(), file.size() - prefix.size() - 4);
  if (digits.empty() || digits.size() > 9) {
    return std::nullopt;
  }
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  return base::ParseInt(digits);
}

class SeoRoutes {
 public:
  SeoRoutes(db::ConnectionPool& pool, base::Clock& clock, const SeoOptions& options)
      : pool_(pool), clock_(clock), ttl_(options.ttl) {
    site_.app_url = options.app_url;
    while (!site_.app_url.empty() && site_.app_url.back() == '/') {
      site_.app_url.pop_back();
    }
    site_.name = options.site_name;
  }

  Response Robots(const Request&) { return Response::Text(RobotsTxt(site_)); }

  Response Index(const Request& r) {
    return Serve(r, "sitemap.xml", kXmlType, [this](db::Database& db) -> base::Result<std::string> {
      WPP_ASSIGN_OR_RETURN(const int64_t max_id, MaxPackageId(db));
      return SitemapIndex(site_, (max_id + kSitemapSpan - 1) / kSitemapSpan, clock_.Now());
    });
  }

  Response Sitemap(const Request& r) {
    const std::string& file = r.params.at("file");
    if (file == "pages.xml") {
      return Serve(r, file, kXmlType, [this](db::Database& db) -> base::Result<std::string> {
        WPP_ASSIGN_OR_RETURN(auto vendors, ClosureVendors(db));
        return PagesSitemap(site_, vendors);
      });
    }
    const auto n = PackageFileNumber(file, "packages-");
    if (!n) {
      return Response::NotFound();
    }
    return Serve(r, file, kXmlType, [this, n = *n](db::Database& db) -> base::Result<std::string> {
      WPP_ASSIGN_OR_RETURN(const int64_t max_id, MaxPackageId(db));
      if (n * kSitemapSpan >= max_id) {
        return base::Error(base::ErrorCode::kNotFound, "no such package sitemap");
      }
      WPP_ASSIGN_OR_RETURN(auto rows, SitemapPackages(db, n));
      return PackageSitemap(site_, rows);
    });
  }

  Response Feed(const Request& r) {
    return Serve(r, "feed.xml", "application/atom+xml; charset=utf-8",
                 [this](db::Database& db) -> base::Result<std::string> {
                   WPP_ASSIGN_OR_RETURN(auto rows, FeedPackages(db));
                   return AtomFeed(site_, rows, clock_.Now());
                 });
  }

  Response Closures(const Request& r) {
    return Serve(r, "closures/feed", "application/rss+xml; charset=utf-8",
                 [this](db::Database& db) -> base::Result<std::string> {
                   WPP_ASSIGN_OR_RETURN(auto rows, RecentClosures(db));
                   return ClosuresRss(site_, rows, clock_.Now());
                 });
  }

  Response OpenSearchDescription(const Request& r) {
    return Serve(r, "opensearch.xml", "application/opensearchdescription+xml; charset=utf-8",
                 [this](db::Database&) -> base::Result<std::string> { return OpenSearch(site_); });
  }

  // 301 from the original's sitemap names to ours.
  Response Legacy(const std::string& to) {
    Response out = Response::Text("moved\n", 301);
    out.Header("Location", Absolute(site_.app_url, to));
    out.Header("Cache-Control", kFeedCache);
    return out;
  }

 private:
  using Make = std::function<base::Result<std::string>(db::Database&)>;

  // The cached document `key`, made afresh when missing or expired; 304
  // when the client holds it; 404/500 when making it fails.
  Response Serve(const Request& r, const std::string& key, const char* type, const Make& make) {
    const base::Clock::TimePoint now = clock_.Now();
    Document doc;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = docs_.find(key);
      if (it != docs_.end() && it->second.expires > now) {
        doc = it->second;
      }
    }
    if (!doc.body) {
      base::Result<std::string> body = [&]() -> base::Result<std::string> {
        auto db = pool_.Acquire();
        return make(*db);
      }();
      if (!body) {
        if (body.error().code() == base::ErrorCode::kNotFound) {
          return Response::NotFound();
        }
        base::log::Error("seo document failed", {{"key", key}, {"error", body.error().message()}});
        return Response::Text("500 internal server error\n", 500);
      }
      doc.etag = "\"" + base::Sha256Hex(*body).substr(0, 20) + "\"";
      doc.modified = http::HttpDate(std::chrono::system_clock::to_time_t(now));
      doc.expires = now + ttl_;
      doc.body = std::make_shared<const std::string>(std::move(body).value());
      if (doc.body->size() >= kGzipMinBytes) {
        std::string gz = http::Gzip(*doc.body);
        if (!gz.empty()) {
          doc.gz = std::make_shared<const std::string>(std::move(gz));
        }
      }
      std::lock_guard<std::mutex> lock(mu_);
      docs_[key] = doc;
    }
    Response out;
    out.Header("Cache-Control", kFeedCache).Header("ETag", doc.etag);
    out.Header("Last-Modified", doc.modified).Header("Vary", "Accept-Encoding");
    const std::string if_none_match = r.Header("if-none-match");
    if (!if_none_match.empty() ? http::EtagMatches(if_none_match, doc.etag)
                               : r.Header("if-modified-since") == doc.modified) {
      out.status = 304;
      return out;
    }
    out.Header("Content-Type", type);
    if (doc.gz && http::AcceptsGzip(r)) {
      out.Header("Content-Encoding", "gzip");
      out.shared_body = doc.gz;
    } else {
      out.shared_body = doc.body;
    }
    return out;
  }

  db::ConnectionPool& pool_;
  base::Clock& clock_;
  std::chrono::seconds ttl_;
  Site site_;
  std::mutex mu_;
  std::map<std::string, Document> docs_;  // Guarded by mu_; keys are valid documents only.
};

}  // namespace

void RegisterSeoRoutes(http::Router& router, db::ConnectionPool& pool, base::Clock& clock,
                       const SeoOptions& options) {
  auto seo = std::make_shared<SeoRoutes>(pool, clock, options);
  const http::RouteOptions db_work{.blocking = true};
  router.Get("/robots.txt", [seo](const Request& r) { return seo->Robots(r); });
  router.Add("GET", "/sitemap.xml", db_work, [seo](const Request& r) { return seo->Index(r); });
  router.Add("GET", "/sitemaps/:file", db_work,
             [seo](const Request& r) { return seo->Sitemap(r); });
  router.Add("GET", "/feed.xml", db_work, [seo](const Request& r) { return seo->Feed(r); });
  router.Add("GET", "/closures/feed", db_work,
             [seo](const Request& r) { return seo->Closures(r); });
  router.Get("/opensearch.xml", [seo](const Request& r) { return seo->OpenSearchDescription(r); });
  router.Get("/sitemap-pages.xml",
             [seo](const Request&) { return seo->Legacy("/sitemaps/pages.xml"); });
  // "/sitemap-packages-<N>.xml" is one path segment with the number inside,
  // which no route pattern matches: a middleware redirects it.
  router.Use([seo](Request& r, const http::Handler& next) {
    if ((r.method == "GET" || r.method == "HEAD") &&
        base::StartsWith(r.path, kLegacyPackagesPrefix)) {
      if (const auto n = PackageFileNumber(r.path, kLegacyPackagesPrefix)) {
        return seo->Legacy("/sitemaps/packages-" + std::to_string(*n) + ".xml");
      }
    }
    return next(r);
  });
}

}  // namespace wpp::seo
