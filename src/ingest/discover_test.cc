#include "ingest/discover.h"

#include "gmock/gmock.h"

#include "ingest/test_env.h"

namespace wpp::ingest {
namespace {

using wporg::PackageType;

constexpr char kPluginsUrl[] = "http://svn.test/plugins/";
constexpr char kThemesUrl[] = "http://svn.test/themes/";
constexpr char kPluginsLog[] = "http://svn.test/plugins/!svn/bc/0/";

std::string Listing(int64_t revision, const std::vector<std::string>& slugs) {
  std::string html = "<html><head><title> - Revision " + std::to_string(revision) +
                     ": /</title></head>\n<body><ul>\n<li><a href=\"../\">..</a></li>\n";
  for (const auto& slug : slugs) {
    html += "<li><a href=\"" + slug + "/\">" + slug + "/</a></li>\n";
  }
  return html + "</ul></body></html>\n";
}

std::string LogItem(int64_t revision, const std::string& path, const std::string& kind = "file") {
  return "<S:log-item><D:version-name>" + std::to_string(revision) +
         "</D:version-name><S:date>2026-03-13T12:00:00.000000Z</S:date><S:added-path "
         "node-kind=\"" +
         kind + "\">" + path + "</S:added-path></S:log-item>";
}

std::string Log(const std::string& items) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><S:log-report xmlns:S=\"svn:\" "
         "xmlns:D=\"DAV:\">" +
         items + "</S:log-report>";
}

class DiscoverTest : public IngestTest {
 protected:
  DiscoverOptions Svn(std::string type = "all", int limit = 0) {
    return {.source = "svn", .type = std::move(type), .limit = limit, .concurrency = 0};
  }
  // The REPORT bodies requested, in order.
  std::vector<std::string> Reports() {
    std::vector<std::string> out;
    for (const auto& r : http_.sent()) {
      if (r.method == "REPORT") {
        out.push_back(r.body);
      }
    }
    return out;
  }
};

TEST_F(DiscoverTest, UnknownSourceIsAnError) {
  auto result = RunDiscover(env(), {.source = "ftp", .type = "all", .limit = 0, .concurrency = 0});

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "unknown source \"ftp\" (use config or svn)");
}

TEST_F(DiscoverTest, FirstRunCreatesShellsAndRecordsHeadOnly) {
  http_.Respond(kPluginsUrl, 200, Listing(100, {"akismet", "jetpack"}));
  http_.Respond(kThemesUrl, 200, Listing(50, {"astra"}));

  auto stats = RunDiscover(env(), Svn());

  ASSERT_TRUE(stats) << stats.error().message();
  EXPECT_EQ(stats->discovered, 3);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE is_active = 1 AND versions_json = '{}'"), 3);
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_plugin'"), "100");
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_theme'"), "50");
  EXPECT_TRUE(Reports().empty());
  EXPECT_EQ(Int("SELECT active_plugins FROM package_stats"), 2);
  // What a first run did: new rows and the recorded baseline.
  EXPECT_EQ(stats->added, 3);
  EXPECT_GT(stats->baseline_revision, 0);

  auto again = RunDiscover(env(), Svn());
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->baseline_revision, 0);
}

TEST_F(DiscoverTest, LimitStopsAcrossTypesAndSkipsTheChangelog) {
  http_.Respond(kPluginsUrl, 200, Listing(100, {"a", "b", "c"}));

  auto stats = RunDiscover(env(), Svn("all", 2));

  ASSERT_TRUE(stats);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages"), 2);
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_plugin'"), "NULL");
  EXPECT_EQ(http_.sent().size(), 1u);  // No theme listing.
}

TEST_F(DiscoverTest, ChangelogMarksChangedPackagesAndDatesNewTags) {
  Shell("plugin", "akismet");
  Shell("plugin", "jetpack");
  ASSERT_TRUE(
      db_->Exec("UPDATE packages SET last_synced_at = '2026-01-01T00:00:00Z', "
                "last_committed = '2025-12-01T00:00:00Z'"));
  ASSERT_TRUE(store_.SetMeta("svn_revision_plugin", "100"));
  http_.Respond(kPluginsUrl, 200, Listing(102, {"akismet", "jetpack"}));
  http_.Respond(kPluginsLog, 200,
                Log(LogItem(101, "/akismet/tags/5.4", "dir") + LogItem(102, "/akismet/trunk/x")));

  auto stats = RunDiscover(env(), Svn("plugin"));

  ASSERT_TRUE(stats) << stats.error().message();
  EXPECT_EQ(stats->marked, 1);
  EXPECT_EQ(Text("SELECT trunk_revision || ' ' || last_committed FROM packages WHERE name = "
                 "'akismet'"),
            "102 2026-03-13T14:00:00Z");
  EXPECT_EQ(Text("SELECT version || ' ' || published_at || ' ' || source FROM package_versions"),
            "5.4 2026-03-13T12:00:00Z svn");
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_plugin'"), "102");
  EXPECT_THAT(Reports(), ::testing::ElementsAre(::testing::HasSubstr(
                             "<S:start-revision>102</S:start-revision><S:end-revision>101<")));
}

// docs/behaviour.md §16.6: an early run asks the REPORT mirror for its
// youngest revision (one OPTIONS) instead of reading the listing, and scans
// the changelog up to it.
TEST_F(DiscoverTest, ChangelogOnlyAsksForTheYoungestRevisionInsteadOfTheListing) {
  Shell("plugin", "akismet");
  ASSERT_TRUE(store_.SetMeta("svn_revision_plugin", "100"));
  http_.Enqueue(kPluginsUrl, io::HttpResponse{.status = 200,
                                              .headers = {{"svn-youngest-rev", "102"}},
                                              .body = "<D:options-response xmlns:D=\"DAV:\"/>"});
  http_.Respond(kPluginsLog, 200, Log(LogItem(102, "/akismet/trunk/x")));
  DiscoverOptions options = Svn("plugin");
  options.changelog_only = true;

  auto stats = RunDiscover(env(), options);

  ASSERT_TRUE(stats) << stats.error().message();
  EXPECT_EQ(stats->marked, 1);
  EXPECT_EQ(stats->discovered, 0);  // No listing read.
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_plugin'"), "102");
  const auto sent = http_.sent();
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent[0].method, "OPTIONS");
  for (const auto& request : sent) {
    EXPECT_NE(request.method, "GET") << request.url;
  }
}

// The listing says HEAD is 130, but the REPORT replica only has up to 110:
// the watermark must stop at 110 so revisions 111–130 are read next time.
TEST_F(DiscoverTest, LaggingReplicaNeverSkipsRevisions) {
  Shell("plugin", "late");
  ASSERT_TRUE(store_.SetMeta("svn_revision_plugin", "100"));
  http_.Respond(kPluginsUrl, 200, Listing(130, {"late"}));
  http_.Respond(kPluginsLog, 200, Log(LogItem(110, "/other/trunk/a")));
  ASSERT_TRUE(RunDiscover(env(), Svn("plugin")));
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_plugin'"), "110");

  testutil::FakeHttpClient caught_up;
  caught_up.Respond(kPluginsUrl, 200, Listing(130, {"late"}));
  caught_up.Respond(kPluginsLog, 200,
                    Log(LogItem(125, "/late/tags/2.0", "dir") + LogItem(130, "/x/trunk/a")));
  Env second{*db_, clock_, caught_up, config_, &stop_};
  auto stats = RunDiscover(second, Svn("plugin"));

  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->marked, 1);
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_plugin'"), "130");
  EXPECT_THAT(caught_up.sent().back().body, ::testing::HasSubstr("<S:end-revision>111<"));
}

TEST_F(DiscoverTest, LongGapsAreReadInChunksAndErrorsKeepProgress) {
  ASSERT_TRUE(store_.SetMeta("svn_revision_plugin", "1"));
  http_.Respond(kPluginsUrl, 200, Listing(25'001, {"a"}));
  http_.Respond(kPluginsLog, 200, Log(LogItem(10'001, "/a/trunk/x")));
  http_.Respond(kPluginsLog, 500, "replica down");

  auto stats = RunDiscover(env(), Svn("plugin"));

  ASSERT_TRUE(stats);  // A changelog failure is only a warning.
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_plugin'"), "10001");
  EXPECT_EQ(Reports().size(), 2u);
}

TEST_F(DiscoverTest, MalformedWatermarkSkipsTheScan) {
  ASSERT_TRUE(store_.SetMeta("svn_revision_plugin", "abc"));
  http_.Respond(kPluginsUrl, 200, Listing(10, {"a"}));

  ASSERT_TRUE(RunDiscover(env(), Svn("plugin")));

  EXPECT_TRUE(Reports().empty());
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_plugin'"), "abc");
}

TEST_F(DiscoverTest, ListingFailureFailsTheCommand) {
  http_.Respond(kPluginsUrl, 503, "");

  auto stats = RunDiscover(env(), Svn("plugin"));

  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().message(), "SVN discovery for plugin: SVN listing returned status 503");
}

// docs/behaviour.md §14.5: listings that are empty, not listings, or cut
// short are errors that write nothing.
TEST_F(DiscoverTest, EmptyListingIsAnErrorThatChangesNothing) {
  http_.Respond(kPluginsUrl, 200, Listing(100, {}));

  auto stats = RunDiscover(env(), Svn("plugin"));

  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().message(), "SVN discovery for plugin: SVN listing is empty");
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_plugin'"), "NULL");
}

TEST_F(DiscoverTest, HtmlThatIsNotAListingIsAnError) {
  http_.Respond(kPluginsUrl, 200,
                "<html><body><h1>Maintenance</h1><a href=\"status/\">status</a></body></html>\n");

  auto stats = RunDiscover(env(), Svn("plugin"));

  ASSERT_FALSE(stats);
  EXPECT_THAT(stats.error().message(), ::testing::HasSubstr("SVN listing is not a listing"));
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages"), 0);
}

TEST_F(DiscoverTest, ListingFarSmallerThanTheLastGoodOneIsAnError) {
  std::vector<std::string> slugs;
  for (int i = 0; i < 20; ++i) {
    slugs.push_back("p" + std::to_string(i));
  }
  // Answers in order (the fake repeats only the last one): 20 entries, then
  // 17 (85 % of 20, under 90 %), then 18 (90 %), then 1.
  http_.Respond(kPluginsUrl, 200, Listing(100, slugs));
  slugs.resize(16);
  slugs.push_back("new-one");
  http_.Respond(kPluginsUrl, 200, Listing(120, slugs));
  slugs.push_back("other");
  http_.Respond(kPluginsUrl, 200, Listing(130, slugs));
  http_.Respond(kPluginsUrl, 200, Listing(140, {"a"}));

  ASSERT_TRUE(RunDiscover(env(), Svn("plugin")));
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_listing_entries_plugin'"), "20");

  auto cut = RunDiscover(env(), Svn("plugin"));
  ASSERT_FALSE(cut);
  EXPECT_THAT(cut.error().message(),
              ::testing::HasSubstr("SVN listing has 17 entries, under 90% of the last good "
                                   "listing's 20"));
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE name = 'new-one'"), 0);
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_revision_plugin'"), "100");

  ASSERT_TRUE(RunDiscover(env(), Svn("plugin")));
  EXPECT_EQ(Text("SELECT value FROM site_meta WHERE key = 'svn_listing_entries_plugin'"), "18");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE name = 'new-one'"), 1);
  config_.discovery.min_listing_percent = 0;  // Off: anything non-empty passes.
  EXPECT_TRUE(RunDiscover(env(), Svn("plugin")));
}

class DiscoverSeedsTest : public DiscoverTest {
 protected:
  void SetUp() override {
    config_.discovery.seeds_file = std::string(WPP_SOURCE_DIR) + "/testdata/seeds.yaml";
    http_.SetFallback([](const io::HttpRequest&) -> base::Result<io::HttpResponse> {
      return io::HttpResponse{.status = 200,
                              .headers = {},
                              .body = R"({"slug":"x","last_updated":"2024-10-03 2:31pm GMT"})"};
    });
  }
  DiscoverOptions Seeds(std::string type = "all", int limit = 0) {
    return {.source = "config", .type = std::move(type), .limit = limit, .concurrency = 3};
  }
};

// docs/decisions.md §10
TEST_F(DiscoverSeedsTest, ClosedOrMissingSeedsAreSkippedNotFailures) {
  http_.Respond(client().LastUpdatedUrl(PackageType::kPlugin, "akismet"), 404,
                ReadTestdata("inline/wporg/api_closed_permanent.json"));
  http_.Respond(client().LastUpdatedUrl(PackageType::kTheme, "astra"), 404, "");

  auto stats = RunDiscover(env(), Seeds());

  ASSERT_TRUE(stats) << stats.error().message();
  EXPECT_EQ(stats->skipped, 2);
  EXPECT_EQ(stats->discovered, 25);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages"), 25);
  EXPECT_EQ(Text("SELECT last_committed FROM packages WHERE name = 'jetpack'"),
            "2024-10-03T14:31:00Z");
}

TEST_F(DiscoverSeedsTest, TransientFailuresFailTheCommandButKeepTheRest) {
  http_.Respond(client().LastUpdatedUrl(PackageType::kTheme, "kadence"), 503, "");

  auto stats = RunDiscover(env(), Seeds("theme"));

  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().message(), "discovery completed with 1 failures");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM packages WHERE type = 'theme'"), 6);
}

TEST_F(DiscoverSeedsTest, LimitTruncatesTheJobs) {
  ASSERT_TRUE(RunDiscover(env(), Seeds("all", 3)));

  EXPECT_EQ(Text("SELECT group_concat(name) FROM packages"),
            "akismet,all-in-one-seo-pack,all-in-one-wp-migration");
}

}  // namespace
}  // namespace wpp::ingest
