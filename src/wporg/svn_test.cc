#include "wporg/svn.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wpp::wporg {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

std::string ReadTestdata(const std::string& path) {
  std::ifstream in(std::string(WPP_SOURCE_DIR) + "/testdata/inline/wporg/" + path,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> Entries(std::string_view body, ListingStats* stats = nullptr) {
  std::vector<std::string> out;
  auto result = ParseListing(body, [&](std::string_view slug) {
    out.emplace_back(slug);
    return true;
  });
  if (stats != nullptr && result) {
    *stats = *result;
  }
  return out;
}

// SVN-01
TEST(ParseListingTest, ReadsEntriesInOrderAndTheRevision) {
  ListingStats stats;

  auto entries = Entries(ReadTestdata("svn_listing_basic.html"), &stats);

  EXPECT_THAT(entries, ElementsAre("akismet", "jetpack"));
  EXPECT_EQ(stats.head_revision, 123);
  EXPECT_EQ(stats.entries, 2);
}

// SVN-02
TEST(ParseListingTest, SkipsParentLink) {
  EXPECT_THAT(Entries(ReadTestdata("svn_listing_parent_link.html")), ElementsAre("plugin-a"));
}

// SVN-03
TEST(ParseListingTest, CancelledWalkFails) {
  std::atomic<bool> cancel{true};

  auto result = ParseListing(
      ReadTestdata("svn_listing_basic.html"), [](std::string_view) { return true; }, &cancel);

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "cancelled");
}

TEST(ParseListingTest, StopsWhenTheCallbackSaysSo) {
  int seen = 0;

  auto result = ParseListing(ReadTestdata("svn_listing_basic.html"), [&](std::string_view) {
    ++seen;
    return false;
  });

  ASSERT_TRUE(result);
  EXPECT_TRUE(result->stopped);
  EXPECT_EQ(seen, 1);
}

TEST(ParseListingTest, AcceptsVeryLongLinesAndSkipsSvnEntries) {
  const std::string body = "<li><a href=\"!svn/\">x</a></li>\n<li><a href=\"" +
                           std::string(100'000, 'a') + "/\">a</a></li>\n<li><a href=\"b\">";

  auto entries = Entries(body);

  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].size(), 100'000u);
  EXPECT_EQ(entries[1], "b");
}

// SVN-04
TEST(ExtractRevisionTest, ReadsTheNumberAfterTheMarker) {
  EXPECT_EQ(ExtractRevision("<title> - Revision 3483213: /</title>"), 3483213);
  EXPECT_EQ(ExtractRevision("<h2> - Revision 3483213: /</h2>"), 3483213);
  EXPECT_EQ(ExtractRevision("<title>Revision 999: /</title>"), 999);
  EXPECT_EQ(ExtractRevision("<li><a href=\"akismet/\">akismet/</a></li>"), 0);
  EXPECT_EQ(ExtractRevision("no revision here"), 0);
  EXPECT_EQ(ExtractRevision("Revision x1: /"), 0);
}

// SVN-05
TEST(ParseLogReportTest, MapsSlugsToTheirHighestRevision) {
  auto log = ParseLogReport(ReadTestdata("svn_log_two_items.xml"), PackageType::kPlugin);

  ASSERT_TRUE(log) << log.error().message();
  EXPECT_EQ(log->max_revision, 101);
  EXPECT_THAT(log->slugs, ElementsAre(Pair("akismet", 101), Pair("jetpack", 101)));
}

// SVN-06
TEST(ParseLogReportTest, LaggingReplicaReportsWhatItHas) {
  auto log = ParseLogReport(ReadTestdata("svn_log_lagging_replica.xml"), PackageType::kPlugin);

  ASSERT_TRUE(log);
  EXPECT_EQ(log->max_revision, 205);
  EXPECT_THAT(log->slugs, ElementsAre(Pair("colissimo-shipping-methods-for-woocommerce", 205)));
}

// SVN-07
TEST(ParseLogReportTest, EmptyReportIsNotAnError) {
  auto log = ParseLogReport(ReadTestdata("svn_log_empty.xml"), PackageType::kPlugin);

  ASSERT_TRUE(log);
  EXPECT_EQ(log->max_revision, 0);
  EXPECT_TRUE(log->slugs.empty());
}

TEST(ParseLogReportTest, RecordsTagCreationsWithTheirCommitDate) {
  auto plugins = ParseLogReport(ReadTestdata("svn_log_two_items.xml"), PackageType::kPlugin);
  auto lagging = ParseLogReport(ReadTestdata("svn_log_lagging_replica.xml"), PackageType::kPlugin);

  ASSERT_TRUE(plugins && lagging);
  ASSERT_EQ(plugins->tags.size(), 1u);
  EXPECT_EQ(plugins->tags[0].slug, "akismet");
  EXPECT_EQ(plugins->tags[0].tag, "5.0");
  EXPECT_EQ(plugins->tags[0].date, "2026-03-15T10:00:00Z");
  EXPECT_EQ(plugins->tags[0].revision, 100);
  ASSERT_EQ(lagging->tags.size(), 1u);
  EXPECT_EQ(lagging->tags[0].tag, "2.10.0");
}

TEST(ParseLogReportTest, ThemeTagsAreTopLevelFolders) {
  const std::string xml =
      "<S:log-report xmlns:S=\"svn:\" xmlns:D=\"DAV:\"><S:log-item><D:version-name>9"
      "</D:version-name><S:date>2026-01-02T03:04:05.1Z</S:date>"
      "<S:added-path node-kind=\"dir\">/astra/4.9.0</S:added-path>"
      "<S:added-path node-kind=\"file\">/astra/4.9.0/style.css</S:added-path>"
      "</S:log-item></S:log-report>";

  auto log = ParseLogReport(xml, PackageType::kTheme);

  ASSERT_TRUE(log);
  ASSERT_EQ(log->tags.size(), 1u);
  EXPECT_EQ(log->tags[0].slug, "astra");
  EXPECT_EQ(log->tags[0].tag, "4.9.0");
}

TEST(ParseLogReportTest, ControlCharactersAreRemovedBeforeParsing) {
  const std::string xml =
      "<S:log-report xmlns:S=\"svn:\" xmlns:D=\"DAV:\"><S:log-item><D:version-name>7"
      "</D:version-name><D:comment>bad \x01\x02 bytes \xFF</D:comment>"
      "<S:modified-path>/x/trunk/a</S:modified-path></S:log-item></S:log-report>";

  auto log = ParseLogReport(xml, PackageType::kPlugin);

  ASSERT_TRUE(log) << log.error().message();
  EXPECT_THAT(log->slugs, ElementsAre(Pair("x", 7)));
}

TEST(ParseLogReportTest, MalformedXmlIsDataLoss) {
  auto log = ParseLogReport("<S:log-report><S:log-item>", PackageType::kPlugin);

  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code(), base::ErrorCode::kDataLoss);
}

// SVN-08
TEST(SlugFromPathTest, TakesTheTopLevelFolder) {
  EXPECT_EQ(SlugFromPath("/akismet/trunk/akismet.php"), "akismet");
  EXPECT_EQ(SlugFromPath("/jetpack/tags/1.0/jetpack.php"), "jetpack");
  EXPECT_EQ(SlugFromPath("/my-plugin/trunk/readme.txt"), "my-plugin");
  EXPECT_EQ(SlugFromPath("akismet/trunk/file.php"), "akismet");
  EXPECT_EQ(SlugFromPath("/"), "");
  EXPECT_EQ(SlugFromPath(""), "");
  EXPECT_EQ(SlugFromPath(".."), "");
  EXPECT_EQ(SlugFromPath("/solo"), "solo");
}

TEST(ParsePropfindTest, ListsChildFoldersWithTheirDates) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:multistatus xmlns:D=\"DAV:\" "
      "xmlns:lp1=\"DAV:\"><D:response><D:href>/akismet/tags/</D:href><D:propstat><D:prop>"
      "<lp1:creationdate>2026-01-01T00:00:00.000000Z</lp1:creationdate></D:prop></D:propstat>"
      "</D:response><D:response><D:href>/akismet/tags/5.3/</D:href><D:propstat><D:prop>"
      "<lp1:creationdate>2024-01-02T03:04:05.678901Z</lp1:creationdate></D:prop></D:propstat>"
      "</D:response><D:response><D:href>http://h:1/akismet/tags/v1%2B1/</D:href><D:propstat>"
      "<D:prop><lp1:getlastmodified>Thu, 03 Oct 2024 14:31:00 GMT</lp1:getlastmodified>"
      "</D:prop></D:propstat></D:response><D:response><D:href>/akismet/tags/nodate/</D:href>"
      "</D:response></D:multistatus>";

  auto entries = ParsePropfind(xml, "/akismet/tags/");

  ASSERT_TRUE(entries) << entries.error().message();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].name, "5.3");
  EXPECT_EQ((*entries)[0].date, "2024-01-02T03:04:05Z");
  EXPECT_EQ((*entries)[1].name, "v1+1");
  EXPECT_EQ((*entries)[1].date, "2024-10-03T14:31:00Z");
}

}  // namespace
}  // namespace wpp::wporg
