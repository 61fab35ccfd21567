#include "wporg/client.h"

#include <chrono>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "testutil/fake_clock.h"
#include "testutil/fake_http_client.h"

namespace wpp::wporg {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kApi[] = "http://api.test";

class ClientTest : public ::testing::Test {
 protected:
  ClientOptions Options() {
    ClientOptions options;
    options.api_url = kApi;
    options.plugins_svn_url = "http://svn.test/plugins";
    options.themes_svn_url = "http://svn.test/themes/";
    options.max_attempts = 3;
    options.retry_delay = milliseconds(10);
    options.cancel = &cancel_;
    return options;
  }

  std::atomic<bool> cancel_{false};
  testutil::FakeHttpClient http_;
  testutil::FakeClock clock_;
  Client client_{http_, clock_, Options()};
};

TEST_F(ClientTest, PluginInfoUrlHasEveryFieldInOrder) {
  const std::string url = client_.InfoUrl(PackageType::kPlugin, "akismet");

  EXPECT_EQ(
      url.rfind("http://api.test/plugins/info/1.2/?action=plugin_information&request%5Bslug%5D="
                "akismet&request%5Bfields%5D%5Bversions%5D=true&request%5Bfields%5D%5Bdescription%"
                "5D=false",
                0),
      0u);
  EXPECT_THAT(url, ::testing::EndsWith("&request%5Bfields%5D%5Bdownload_link%5D=true"));
  EXPECT_EQ(std::count(url.begin(), url.end(), '&'), 22);  // The slug and 21 fields.
}

TEST_F(ClientTest, ThemeUrlsAndEscapedSlugs) {
  EXPECT_EQ(client_.InfoUrl(PackageType::kTheme, "a b&c"),
            "http://api.test/themes/info/1.2/?action=theme_information&request%5Bslug%5D=a+b%26c"
            "&request%5Bfields%5D%5Bversions%5D=true&request%5Bfields%5D%5Bactive_installs%5D=true"
            "&request%5Bfields%5D%5Bsections%5D=true&request%5Bfields%5D%5Bauthor%5D=true"
            "&request%5Bfields%5D%5Bhomepage%5D=true&request%5Bfields%5D%5Blast_updated%5D=true");
  EXPECT_EQ(client_.LastUpdatedUrl(PackageType::kTheme, "astra"),
            "http://api.test/themes/info/1.2/?action=theme_information&request%5Bslug%5D=astra"
            "&request%5Bfields%5D%5Blast_updated%5D=true&request%5Bfields%5D%5Bversions%5D=false");
  EXPECT_EQ(client_.SvnUrl(PackageType::kTheme), "http://svn.test/themes/");
}

// WPO-06
TEST_F(ClientTest, RetriesServerErrorsWithDoublingDelay) {
  const std::string url = client_.InfoUrl(PackageType::kPlugin, "test");
  http_.Respond(url, 500, "");
  http_.Respond(url, 500, "");
  http_.Respond(url, 200, R"({"slug":"test"})");

  auto result = client_.FetchInfo(PackageType::kPlugin, "test");

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->info.slug, "test");
  EXPECT_EQ(http_.CountSent(url), 3);
  EXPECT_THAT(clock_.sleeps(), ElementsAre(milliseconds(10), milliseconds(20)));
}

TEST_F(ClientTest, RetryAfterIsHonouredAndCapped) {
  const std::string url = client_.InfoUrl(PackageType::kPlugin, "test");
  http_.Enqueue(url,
                io::HttpResponse{.status = 429, .headers = {{"retry-after", " 7"}}, .body = ""});
  http_.Enqueue(url,
                io::HttpResponse{.status = 503, .headers = {{"retry-after", "86400"}}, .body = ""});
  http_.Respond(url, 200, R"({"slug":"test"})");

  auto result = client_.FetchInfo(PackageType::kPlugin, "test");

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_THAT(clock_.sleeps(), ElementsAre(milliseconds(7000), milliseconds(60000)));
}

// WPO-07
TEST_F(ClientTest, GivesUpAfterTheLastAttempt) {
  const std::string url = client_.InfoUrl(PackageType::kPlugin, "test");
  http_.Respond(url, 500, "");

  auto result = client_.FetchInfo(PackageType::kPlugin, "test");

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kUnavailable);
  EXPECT_EQ(result.error().message(), "all 3 attempts failed: unexpected status 500");
  EXPECT_EQ(http_.CountSent(url), 3);
}

TEST_F(ClientTest, TransportErrorsAreRetried) {
  const std::string url = client_.InfoUrl(PackageType::kPlugin, "test");
  http_.Enqueue(url, base::Error(base::ErrorCode::kUnavailable, "timeout"));
  http_.Respond(url, 404, R"({"error":"Plugin not found.","slug":"test"})");

  auto result = client_.FetchInfo(PackageType::kPlugin, "test");

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->availability, Availability::kNotFound);
  EXPECT_EQ(http_.CountSent(url), 2);
}

// WPO-08
TEST_F(ClientTest, CancelledCallFailsWithoutARequest) {
  cancel_ = true;

  auto result = client_.FetchInfo(PackageType::kPlugin, "test");

  ASSERT_FALSE(result);
  EXPECT_TRUE(http_.sent().empty());
}

TEST_F(ClientTest, AStopRequestDuringARetryWaitEndsTheCallWithoutAnotherRequest) {
  const std::string url = client_.InfoUrl(PackageType::kPlugin, "test");
  http_.Respond(url, 500, "");
  clock_.set_on_sleep([this](milliseconds) { cancel_ = true; });  // SIGTERM while waiting.
  const auto start = clock_.Now();

  auto result = client_.FetchInfo(PackageType::kPlugin, "test");

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "cancelled");
  EXPECT_EQ(http_.CountSent(url), 1);
  EXPECT_THAT(clock_.sleeps(), ElementsAre(milliseconds(10)));
  EXPECT_EQ(clock_.Now(), start);  // The wait was cut short.
}

TEST_F(ClientTest, PermanentErrorsAreNotRetried) {
  const std::string url = client_.InfoUrl(PackageType::kPlugin, "test");
  http_.Respond(url, 200, "not json");

  auto result = client_.FetchInfo(PackageType::kPlugin, "test");

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), base::ErrorCode::kDataLoss);
  EXPECT_EQ(http_.CountSent(url), 1);
}

// docs/behaviour.md §14.6: the error says what came instead of an object.
TEST_F(ClientTest, ErrorsForBodiesThatAreNotObjectsDescribeThem) {
  const std::string html = client_.InfoUrl(PackageType::kPlugin, "html");
  http_.Enqueue(html, io::HttpResponse{.status = 200,
                                       .headers = {{"content-type", "text/html; charset=UTF-8"}},
                                       .body = "<!DOCTYPE html><html><body>Oops</body></html>"});
  const std::string array = client_.InfoUrl(PackageType::kPlugin, "array");
  http_.Respond(array, 200, "[1,2]");

  auto a = client_.FetchInfo(PackageType::kPlugin, "html");
  auto b = client_.FetchInfo(PackageType::kPlugin, "array");

  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code(), base::ErrorCode::kDataLoss);
  EXPECT_THAT(a.error().message(),
              ::testing::StartsWith("not a JSON object (status 200, content type text/html; "
                                    "charset=UTF-8, an HTML page (45 bytes)): "));
  ASSERT_FALSE(b);
  EXPECT_THAT(b.error().message(),
              ::testing::StartsWith(
                  "not a JSON object (status 200, no content type, a JSON array (5 bytes)): "));
  EXPECT_EQ(http_.CountSent(html), 1);  // Still not retried.
}

TEST_F(ClientTest, EveryRequestCarriesTheUserAgent) {
  http_.SetFallback([](const io::HttpRequest&) -> base::Result<io::HttpResponse> {
    return io::HttpResponse{.status = 404, .headers = {}, .body = ""};
  });

  (void)client_.FetchInfo(PackageType::kPlugin, "a");
  (void)client_.FetchListing(PackageType::kPlugin);
  (void)client_.FetchChangelog(PackageType::kPlugin, 1, 2);
  (void)client_.FetchTagFolders(PackageType::kPlugin, "a");

  const auto sent = http_.sent();
  ASSERT_EQ(sent.size(), 4u);
  for (const auto& request : sent) {
    EXPECT_THAT(request.headers, ::testing::Contains(std::pair<std::string, std::string>(
                                     "User-Agent", "wp-packages/1.0 (+https://wp-packages.org)")));
  }
}

TEST_F(ClientTest, ListingIsOneAttemptAndNeeds200) {
  http_.Respond("http://svn.test/plugins/", 503, "busy");

  auto result = client_.FetchListing(PackageType::kPlugin);

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "SVN listing returned status 503");
  EXPECT_EQ(http_.sent().size(), 1u);
}

TEST_F(ClientTest, ChangelogSendsTheLogReportForTheRange) {
  http_.Respond("http://svn.test/plugins/!svn/bc/0/", 200,
                "<S:log-report xmlns:S=\"svn:\" xmlns:D=\"DAV:\"></S:log-report>");

  auto result = client_.FetchChangelog(PackageType::kPlugin, 11, 20);

  ASSERT_TRUE(result) << result.error().message();
  const auto sent = http_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "REPORT");
  EXPECT_EQ(sent[0].body,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><S:log-report xmlns:S=\"svn:\" "
            "xmlns:D=\"DAV:\"><S:start-revision>20</S:start-revision><S:end-revision>11"
            "</S:end-revision><S:discover-changed-paths/><S:limit>50000</S:limit></S:log-report>");
}

TEST_F(ClientTest, ChangelogErrorsCarryTheStatusAndBodyStart) {
  http_.Respond("http://svn.test/plugins/!svn/bc/0/", 500, std::string(600, 'x'));

  auto result = client_.FetchChangelog(PackageType::kPlugin, 1, 2);

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "SVN log returned status 500: " + std::string(512, 'x'));
}

TEST_F(ClientTest, YoungestRevisionIsOneOptionsOnTheReportMirror) {
  http_.Enqueue("http://svn.test/themes/",
                io::HttpResponse{.status = 200,
                                 .headers = {{"svn-youngest-rev", " 3483213 "}},
                                 .body = "<D:options-response xmlns:D=\"DAV:\"/>"});

  auto result = client_.FetchYoungestRevision(PackageType::kTheme, milliseconds(5000));

  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(*result, 3483213);
  const auto sent = http_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "OPTIONS");
  EXPECT_EQ(sent[0].timeout, milliseconds(5000));
  EXPECT_THAT(sent[0].body, HasSubstr("<D:activity-collection-set/>"));
  EXPECT_THAT(sent[0].headers, ::testing::Contains(std::pair<std::string, std::string>(
                                   "DAV", "http://subversion.tigris.org/xmlns/dav/svn/depth")));
}

TEST_F(ClientTest, YoungestRevisionErrorsOnOddAnswers) {
  http_.Respond("http://svn.test/plugins/", 200, "no header");
  auto missing = client_.FetchYoungestRevision(PackageType::kPlugin, milliseconds(5000));
  http_.Enqueue(
      "http://svn.test/themes/",
      io::HttpResponse{.status = 403, .headers = {{"svn-youngest-rev", "7"}}, .body = ""});
  auto refused = client_.FetchYoungestRevision(PackageType::kTheme, milliseconds(5000));

  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), base::ErrorCode::kDataLoss);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message(), "SVN OPTIONS returned status 403");
}

TEST_F(ClientTest, TagFoldersUsePropfindDepthOne) {
  http_.Respond("http://svn.test/plugins/akismet/tags/", 207,
                "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/plugins/akismet/tags/5.3/"
                "</D:href><D:propstat><D:prop><D:creationdate>2024-01-02T03:04:05Z"
                "</D:creationdate></D:prop></D:propstat></D:response></D:multistatus>");
  http_.Respond("http://svn.test/themes/astra/", 404, "");

  auto plugin = client_.FetchTagFolders(PackageType::kPlugin, "akismet");
  auto theme = client_.FetchTagFolders(PackageType::kTheme, "astra");

  ASSERT_TRUE(plugin && theme);
  ASSERT_EQ(plugin->size(), 1u);
  EXPECT_EQ((*plugin)[0].name, "5.3");
  EXPECT_TRUE(theme->empty());
  const auto sent = http_.sent();
  EXPECT_EQ(sent[0].method, "PROPFIND");
  EXPECT_THAT(sent[0].headers,
              ::testing::Contains(std::pair<std::string, std::string>("Depth", "1")));
}

}  // namespace
}  // namespace wpp::wporg
