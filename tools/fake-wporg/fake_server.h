// The fake WordPress.org's HTTP face: routes every endpoint (info APIs, SVN
// listings, REPORT, PROPFIND, zip downloads, the /_fake/ test endpoints and
// the /fault/ hooks) to handlers over a Corpus and a Timeline. Handlers are
// plain functions of the request, so tests call Handle() without a server.
// Thread-safe once SetBaseUrl has been called.

#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "corpus.h"
#include "faults.h"
#include "http/server.h"
#include "json_writer.h"
#include "timeline.h"

namespace wpp::fakewporg {

// Path prefixes of the three base URLs under the fake's own address.
inline constexpr const char* kApiPrefix = "/api";
inline constexpr const char* kPluginsSvnPrefix = "/plugins-svn";
inline constexpr const char* kThemesSvnPrefix = "/themes-svn";

class FakeWporg {
 public:
  FakeWporg(const Corpus& corpus, Timeline& timeline);

  // "http://127.0.0.1:8080": the address download links and GET / name.
  // Call before serving.
  void SetBaseUrl(std::string base) { base_ = std::move(base); }
  const std::string& base_url() const { return base_; }

  http::Response Handle(http::Request& request);

 private:
  enum Counter { kInfo, kListing, kReport, kPropfind, kDownload, kFault, kOptions, kCounterCount };

  void AddRoutes();
  http::Response WithSlugFault(const std::string& slug, const std::string& key,
                               const std::function<http::Response()>& normal);

  // handlers_api.cc
  http::Response Root() const;
  http::Response Info(RepoType type, const http::Request& request);
  http::Response InfoFor(RepoType type, const std::string& slug, const http::Request& request);
  http::Response Download(RepoType type, const std::string& file);
  http::Response State(const http::Request& request);
  http::Response Advance(const http::Request& request);
  // advisory_feed.h served at /wordfence/v3/vulnerabilities (?records=N),
  // with an ETag and 304 answers; POST /_fake/close closes a package with a
  // given reason from then on (the security closures of advisories).
  http::Response AdvisoryFeed(const http::Request& request);
  http::Response Close(const http::Request& request);
  std::optional<std::string> ClosedByTest(RepoType type, const std::string& slug);
  void WriteRepoState(JsonWriter& w, RepoType type, int64_t now) const;
  void WriteChanged(JsonWriter& w, int64_t api_time) const;
  void WriteAllPackages(JsonWriter& w, int64_t api_time) const;

  // handlers_svn.cc
  http::Response Listing(RepoType type, const std::string& rest);
  http::Response Report(RepoType type, const http::Request& request);
  http::Response Propfind(RepoType type, const http::Request& request);
  http::Response Options(RepoType type);
  const std::string& ListingEntriesOf(RepoType type);
  std::string HrefBase(RepoType type) const;

  const Corpus& corpus_;
  Timeline& timeline_;
  std::string base_;
  http::Router router_;
  FaultState fault_state_;
  std::once_flag listing_once_[2];
  std::string listing_entries_[2];
  std::array<std::atomic<uint64_t>, kCounterCount> counters_{};
  std::mutex test_mu_;
  std::map<size_t, std::string> feeds_;               // Guarded by test_mu_.
  std::map<std::string, std::string> test_closures_;  // Guarded by test_mu_.
};

}  // namespace wpp::fakewporg
