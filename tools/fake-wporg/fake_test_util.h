// Test helpers: a FakeWporg over the bundled fixtures plus a small
// synthetic corpus with frozen time, called without a server.

#pragma once

#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "fake_server.h"

namespace wpp::fakewporg::fake_testing {

inline constexpr int64_t kStartMs = 1772323200000;  // 2026-03-01T00:00:00Z.

struct Fake {
  std::unique_ptr<Corpus> corpus;
  std::unique_ptr<Timeline> timeline;
  std::unique_ptr<FakeWporg> server;

  explicit Fake(TimelineOptions options = {}, size_t synthetic = 300) {
    auto loaded =
        Corpus::Load(CorpusOptions{.fixtures_dir = std::string(WPP_SOURCE_DIR) + "/testdata",
                                   .synthetic = synthetic,
                                   .seed = 9,
                                   .with_faults = true});
    EXPECT_TRUE(loaded.ok());
    corpus = std::move(loaded).value();
    options.start_ms = kStartMs;
    options.time_scale = 0;
    timeline = std::make_unique<Timeline>(*corpus, options);
    server = std::make_unique<FakeWporg>(*corpus, *timeline);
    server->SetBaseUrl("http://127.0.0.1:9");
  }

  http::Response Call(std::string method, std::string path, http::Values query = {},
                      std::string body = {}, http::Headers headers = {}) {
    http::Request r{.method = std::move(method),
                    .path = std::move(path),
                    .query = std::move(query),
                    .headers = std::move(headers),
                    .body = std::move(body)};
    return server->Handle(r);
  }
  http::Response Info(const std::string& slug, RepoType type = RepoType::kPlugin) {
    return type == RepoType::kPlugin
               ? Call("GET", "/api/plugins/info/1.2/",
                      {{"action", "plugin_information"}, {"request[slug]", slug}})
               : Call("GET", "/api/themes/info/1.2/",
                      {{"action", "theme_information"},
                       {"request[slug]", slug},
                       {"request[fields][versions]", "true"}});
  }
  http::Response Report(const std::string& svn, int64_t from, int64_t to) {
    return Call("REPORT", svn + "/!svn/bc/0/", {},
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><S:log-report xmlns:S=\"svn:\" "
                "xmlns:D=\"DAV:\"><S:start-revision>" +
                    std::to_string(to) + "</S:start-revision><S:end-revision>" +
                    std::to_string(from) +
                    "</S:end-revision><S:discover-changed-paths/><S:limit>50000</S:limit>"
                    "</S:log-report>");
  }
  int64_t ListingHead(const std::string& svn) {
    const std::string body = Call("GET", svn + "/").body;
    return std::stoll(body.substr(body.find("Revision ") + 9));
  }
};

// Revision numbers of the log items, and the slugs their paths name.
inline std::pair<std::vector<int64_t>, std::set<std::string>> ParseLog(const std::string& xml) {
  std::vector<int64_t> revisions;
  std::set<std::string> slugs;
  const std::regex rev("<D:version-name>(\\d+)</D:version-name>");
  for (std::sregex_iterator it(xml.begin(), xml.end(), rev), end; it != end; ++it) {
    revisions.push_back(std::stoll((*it)[1]));
  }
  const std::regex path("-path [^>]*>/([^/<]+)");
  for (std::sregex_iterator it(xml.begin(), xml.end(), path), end; it != end; ++it) {
    slugs.insert((*it)[1]);
  }
  return {revisions, slugs};
}

}  // namespace wpp::fakewporg::fake_testing
