// Client for WordPress.org (docs/behaviour.md §2): the plugin and theme info APIs
// and the Subversion listing, changelog and folder dates.

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "config/config.h"
#include "io/http_client.h"
#include "wporg/svn.h"
#include "wporg/types.h"

namespace wpp::wporg {

// Sent on every request (docs/behaviour.md §2.1).
inline constexpr std::string_view kUserAgent = "wp-packages/1.0 (+https://wp-packages.org)";

struct ClientOptions {
  std::string api_url = "https://api.wordpress.org";
  std::string plugins_svn_url = "https://plugins.svn.wordpress.org";
  std::string themes_svn_url = "https://themes.svn.wordpress.org";
  int max_attempts = 3;                         // Total API attempts; <= 0 means 1.
  std::chrono::milliseconds retry_delay{1000};  // Doubles before each further attempt.
  std::chrono::milliseconds api_timeout{30'000};
  std::chrono::milliseconds svn_timeout{600'000};
  // When set and true, retries stop waiting (a wait under way is cut short)
  // and fail with "cancelled".
  const std::atomic<bool>* cancel = nullptr;
};

// The options `config` describes: wporg.* URLs and discovery.* limits.
ClientOptions OptionsFromConfig(const config::Config& config);

// Thread-safe. `http` and `clock` must outlive the Client.
class Client {
 public:
  Client(io::HttpClient& http, base::Clock& clock, ClientOptions options);

  // Full info (docs/behaviour.md §2.2), classified by §2.3. Transport failures and
  // unexpected statuses are retried with backoff through the clock; after
  // the last attempt the error (kUnavailable) reads "all N attempts failed:
  // …". kDataLoss / kFailedPrecondition (see ParseInfoResponse) are
  // returned at once.
  base::Result<InfoResult> FetchInfo(PackageType type, std::string_view slug);

  // `last_updated` only (docs/behaviour.md §2.2), same classification and retries.
  base::Result<LastUpdatedResult> FetchLastUpdated(PackageType type, std::string_view slug);

  // The info API's answer for one package as it came: one attempt, no
  // classification (the admin area's wp.org check, docs/behaviour.md §19.7).
  // Errors: kUnavailable for transport failures.
  base::Result<io::HttpResponse> FetchInfoRaw(PackageType type, std::string_view slug);

  // The SVN root listing (docs/behaviour.md §2.6): one attempt; a status other than 200 is
  // kUnavailable ("SVN listing returned status N").
  base::Result<std::string> FetchListing(PackageType type);

  // The changelog for revisions [from, to] (docs/behaviour.md §2.7): one REPORT.
  // Errors: kUnavailable for transport failures and non-200 answers (with
  // up to 512 bytes of the body), kDataLoss for malformed XML.
  base::Result<Changelog> FetchChangelog(PackageType type, int64_t from, int64_t to);

  // The repository's youngest revision as the changelog mirror sees it
  // (docs/behaviour.md §2.9): one `OPTIONS` on the URL the REPORT goes to,
  // read from its `SVN-Youngest-Rev` header; one attempt, `timeout` long.
  // Errors: kUnavailable (transport, a status other than 200), kDataLoss
  // (header missing or not a positive integer).
  base::Result<int64_t> FetchYoungestRevision(PackageType type, std::chrono::milliseconds timeout);

  // The child folders of a plugin's `tags/` (a theme's top folder) with
  // their dates, by one PROPFIND depth-1 request. A 404 is an empty list.
  // Errors: kUnavailable (transport, other statuses), kDataLoss (XML).
  base::Result<std::vector<DavEntry>> FetchTagFolders(PackageType type, std::string_view slug);

  // Request URLs, exposed for tests.
  std::string InfoUrl(PackageType type, std::string_view slug) const;
  std::string LastUpdatedUrl(PackageType type, std::string_view slug) const;
  std::string SvnUrl(PackageType type) const;  // With a trailing slash.

 private:
  // GETs `url` with the API retry policy; returns the final response, which
  // `classify` accepted (anything but kUnavailable ends the loop).
  template <typename T, typename Classify>
  base::Result<T> GetWithRetry(const std::string& url, Classify classify);

  io::HttpClient& http_;
  base::Clock& clock_;
  const ClientOptions options_;
};

}  // namespace wpp::wporg
