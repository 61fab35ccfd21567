#include "wporg/client.h"

#include <algorithm>

#include "base/strings.h"
#include "base/text.h"
#include "wporg/info_parser.h"

namespace wpp::wporg {
namespace {

using base::Error;
using base::ErrorCode;

constexpr std::string_view kPluginFields =
    "&request%5Bfields%5D%5Bversions%5D=true"
    "&request%5Bfields%5D%5Bdescription%5D=false"
    "&request%5Bfields%5D%5Bsections%5D=false"
    "&request%5Bfields%5D%5Bcompatibility%5D=false"
    "&request%5Bfields%5D%5Breviews%5D=false"
    "&request%5Bfields%5D%5Bbanners%5D=false"
    "&request%5Bfields%5D%5Bicons%5D=false"
    "&request%5Bfields%5D%5Bdonate_link%5D=false"
    "&request%5Bfields%5D%5Bratings%5D=false"
    "&request%5Bfields%5D%5Bcontributors%5D=false"
    "&request%5Bfields%5D%5Btags%5D=false"
    "&request%5Bfields%5D%5Bactive_installs%5D=true"
    "&request%5Bfields%5D%5Brequires%5D=true"
    "&request%5Bfields%5D%5Btested%5D=true"
    "&request%5Bfields%5D%5Brequires_php%5D=true"
    "&request%5Bfields%5D%5Bauthor%5D=true"
    "&request%5Bfields%5D%5Bshort_description%5D=true"
    "&request%5Bfields%5D%5Bhomepage%5D=true"
    "&request%5Bfields%5D%5Blast_updated%5D=true"
    "&request%5Bfields%5D%5Badded%5D=true"
    "&request%5Bfields%5D%5Bdownload_link%5D=true";

constexpr std::string_view kThemeFields =
    "&request%5Bfields%5D%5Bversions%5D=true"
    "&request%5Bfields%5D%5Bactive_installs%5D=true"
    "&request%5Bfields%5D%5Bsections%5D=true"
    "&request%5Bfields%5D%5Bauthor%5D=true"
    "&request%5Bfields%5D%5Bhomepage%5D=true"
    "&request%5Bfields%5D%5Blast_updated%5D=true";

constexpr std::string_view kPluginLastUpdatedFields =
    "&request%5Bfields%5D%5Blast_updated%5D=true&request%5Bfields%5D%5Bdescription%5D=false"
    "&request%5Bfields%5D%5Bsections%5D=false&request%5Bfields%5D%5Bversions%5D=false";

constexpr std::string_view kThemeLastUpdatedFields =
    "&request%5Bfields%5D%5Blast_updated%5D=true&request%5Bfields%5D%5Bversions%5D=false";

constexpr std::string_view kPropfindBody =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:prop>"
    "<D:creationdate/><D:getlastmodified/></D:prop></D:propfind>";

std::string TrimTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') {
    url.pop_back();
  }
  return url;
}

std::string InfoBase(const std::string& api_url, PackageType type, std::string_view slug) {
  std::string url = TrimTrailingSlash(api_url);
  url += type == PackageType::kPlugin ? "/plugins/info/1.2/?action=plugin_information"
                                      : "/themes/info/1.2/?action=theme_information";
  url += "&request%5Bslug%5D=";
  url += base::FormEncode(slug);
  return url;
}

bool Cancelled(const std::atomic<bool>* cancel) {
  return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

// The path of a URL ("/akismet/tags/"), for matching PROPFIND hrefs.
std::string_view UrlPath(std::string_view url) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  return slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
}

// A 429 or 503's Retry-After in seconds (the HTTP-date form is not used by
// WordPress.org and is ignored), capped so one answer cannot stall a run.
std::chrono::milliseconds RetryAfter(const io::HttpResponse& response) {
  constexpr int64_t kMaxSeconds = 60;
  if (response.status != 429 && response.status != 503) {
    return std::chrono::milliseconds(0);
  }
  const auto seconds = base::ParseInt(base::Trim(response.Header("retry-after")));
  if (!seconds || *seconds <= 0) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::seconds(std::min(*seconds, kMaxSeconds));
}

}  // namespace

ClientOptions OptionsFromConfig(const config::Config& config) {
  ClientOptions options;
  options.api_url = config.wporg.api_url;
  options.plugins_svn_url = config.wporg.plugins_svn_url;
  options.themes_svn_url = config.wporg.themes_svn_url;
  options.max_attempts = config.discovery.max_retries;
  options.retry_delay = std::chrono::milliseconds(config.discovery.retry_delay_ms);
  options.api_timeout = std::chrono::seconds(config.discovery.api_timeout_seconds);
  options.svn_timeout = std::chrono::seconds(config.discovery.svn_timeout_seconds);
  return options;
}

Client::Client(io::HttpClient& http, base::Clock& clock, ClientOptions options)
    : http_(http), clock_(clock), options_(std::move(options)) {}

std::string Client::InfoUrl(PackageType type, std::string_view slug) const {
  return InfoBase(options_.api_url, type, slug) +
         std::string(type == PackageType::kPlugin ? kPluginFields : kThemeFields);
}

std::string Client::LastUpdatedUrl(PackageType type, std::string_view slug) const {
  return InfoBase(options_.api_url, type, slug) + std::string(type == PackageType::kPlugin
                                                                  ? kPluginLastUpdatedFields
                                                                  : kThemeLastUpdatedFields);
}

std::string Client::SvnUrl(PackageType type) const {
  return TrimTrailingSlash(type == PackageType::kPlugin ? options_.plugins_svn_url
                                                        : options_.themes_svn_url) +
         "/";
}

template <typename T, typename Classify>
base::Result<T> Client::GetWithRetry(const std::string& url, Classify classify) {
  io::HttpRequest request;
  request.url = url;
  request.timeout = options_.api_timeout;
  request.headers.emplace_back("User-Agent", std::string(kUserAgent));
  const int attempts = std::max(options_.max_attempts, 1);
  std::string last_error;
  std::chrono::milliseconds asked_wait{0};  // The server's Retry-After, if it sent one.
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (Cancelled(options_.cancel)) {
      return Error(ErrorCode::kUnavailable, "cancelled");
    }
    if (attempt > 0 &&
        !clock_.SleepFor(
            std::max(options_.retry_delay * (1 << std::min(attempt - 1, 20)), asked_wait),
            options_.cancel)) {
      return Error(ErrorCode::kUnavailable, "cancelled");
    }
    auto response = http_.Send(request);
    if (!response) {
      last_error = response.error().message();
      asked_wait = std::chrono::milliseconds(0);
      continue;
    }
    asked_wait = RetryAfter(*response);
    base::Result<T> classified = classify(response->status, response->body);
    if (!classified && classified.error().code() == ErrorCode::kDataLoss) {
      // Say what came instead of a JSON object (docs/behaviour.md §14.6).
      return Error(
          ErrorCode::kDataLoss,
          "not a JSON object (" +
              DescribeBody(response->status, response->Header("content-type"), response->body) +
              "): " + classified.error().message());
    }
    if (classified || classified.error().code() != ErrorCode::kUnavailable) {
      return classified;
    }
    last_error = classified.error().message();
  }
  return Error(ErrorCode::kUnavailable,
               "all " + std::to_string(attempts) + " attempts failed: " + last_error);
}

base::Result<InfoResult> Client::FetchInfo(PackageType type, std::string_view slug) {
  return GetWithRetry<InfoResult>(InfoUrl(type, slug), [type](int status, std::string_view body) {
    return ParseInfoResponse(type, status, body);
  });
}

base::Result<LastUpdatedResult> Client::FetchLastUpdated(PackageType type, std::string_view slug) {
  return GetWithRetry<LastUpdatedResult>(LastUpdatedUrl(type, slug), ParseLastUpdatedResponse);
}

base::Result<io::HttpResponse> Client::FetchInfoRaw(PackageType type, std::string_view slug) {
  io::HttpRequest request;
  request.url = InfoUrl(type, slug);
  request.timeout = options_.api_timeout;
  request.headers.emplace_back("User-Agent", std::string(kUserAgent));
  return http_.Send(request);
}

base::Result<std::string> Client::FetchListing(PackageType type) {
  io::HttpRequest request;
  request.url = SvnUrl(type);
  request.timeout = options_.svn_timeout;
  request.headers.emplace_back("User-Agent", std::string(kUserAgent));
  WPP_ASSIGN_OR_RETURN(io::HttpResponse response, http_.Send(request));
  if (response.status != 200) {
    return Error(ErrorCode::kUnavailable,
                 "SVN listing returned status " + std::to_string(response.status));
  }
  return std::move(response.body);
}

base::Result<Changelog> Client::FetchChangelog(PackageType type, int64_t from, int64_t to) {
  io::HttpRequest request;
  request.method = "REPORT";
  request.url = SvnUrl(type) + "!svn/bc/0/";
  request.timeout = options_.svn_timeout;
  request.headers.emplace_back("User-Agent", std::string(kUserAgent));
  request.headers.emplace_back("Content-Type", "text/xml");
  request.body =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><S:log-report xmlns:S=\"svn:\" "
      "xmlns:D=\"DAV:\"><S:start-revision>" +
      std::to_string(to) + "</S:start-revision><S:end-revision>" + std::to_string(from) +
      "</S:end-revision><S:discover-changed-paths/><S:limit>50000</S:limit></S:log-report>";
  WPP_ASSIGN_OR_RETURN(io::HttpResponse response, http_.Send(request));
  if (response.status != 200) {
    return Error(ErrorCode::kUnavailable, "SVN log returned status " +
                                              std::to_string(response.status) + ": " +
                                              response.body.substr(0, 512));
  }
  return ParseLogReport(response.body, type);
}

base::Result<int64_t> Client::FetchYoungestRevision(PackageType type,
                                                    std::chrono::milliseconds timeout) {
  io::HttpRequest request;
  request.method = "OPTIONS";
  request.url = SvnUrl(type);
  request.timeout = timeout;
  request.headers.emplace_back("User-Agent", std::string(kUserAgent));
  request.headers.emplace_back("Content-Type", "text/xml");
  request.headers.emplace_back("DAV", "http://subversion.tigris.org/xmlns/dav/svn/depth");
  request.body =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:options xmlns:D=\"DAV:\">"
      "<D:activity-collection-set/></D:options>";
  WPP_ASSIGN_OR_RETURN(io::HttpResponse response, http_.Send(request));
  if (response.status != 200) {
    return Error(ErrorCode::kUnavailable,
                 "SVN OPTIONS returned status " + std::to_string(response.status));
  }
  const std::string header = response.Header("svn-youngest-rev");
  const auto revision = base::ParseInt(base::Trim(header));
  if (!revision || *revision <= 0) {
    return Error(ErrorCode::kDataLoss,
                 "SVN OPTIONS answered SVN-Youngest-Rev \"" + header.substr(0, 64) + "\"");
  }
  return *revision;
}

base::Result<std::vector<DavEntry>> Client::FetchTagFolders(PackageType type,
                                                            std::string_view slug) {
  io::HttpRequest request;
  request.method = "PROPFIND";
  request.url = SvnUrl(type) + base::PercentEncode(slug) + "/";
  if (type == PackageType::kPlugin) {
    request.url += "tags/";
  }
  request.timeout = options_.api_timeout;
  request.headers.emplace_back("User-Agent", std::string(kUserAgent));
  request.headers.emplace_back("Depth", "1");
  request.headers.emplace_back("Content-Type", "text/xml");
  request.body = std::string(kPropfindBody);
  WPP_ASSIGN_OR_RETURN(io::HttpResponse response, http_.Send(request));
  if (response.status == 404) {
    return std::vector<DavEntry>{};
  }
  if (response.status != 207 && response.status != 200) {
    return Error(ErrorCode::kUnavailable,
                 "PROPFIND returned status " + std::to_string(response.status));
  }
  return ParsePropfind(response.body, UrlPath(request.url));
}

}  // namespace wpp::wporg
