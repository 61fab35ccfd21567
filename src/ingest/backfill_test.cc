#include "ingest/backfill.h"

#include "gmock/gmock.h"

#include "ingest/test_env.h"

namespace wpp::ingest {
namespace {

using std::chrono::seconds;

constexpr char kPluginsUrl[] = "http://svn.test/plugins/";
constexpr char kPluginsLog[] = "http://svn.test/plugins/!svn/bc/0/";

std::string Log(int64_t revision, const std::string& slug) {
  return "<S:log-report xmlns:S=\"svn:\" xmlns:D=\"DAV:\"><S:log-item><D:version-name>" +
         std::to_string(revision) + "</D:version-name><S:modified-path>/" + slug +
         "/trunk/a</S:modified-path></S:log-item></S:log-report>";
}

class BackfillTest : public IngestTest {};

TEST_F(BackfillTest, NothingMissingMakesNoRequests) {
  auto stats = RunBackfill(env(), {});

  ASSERT_TRUE(stats);
  EXPECT_TRUE(http_.sent().empty());
}

TEST_F(BackfillTest, WalksBackwardsAndFillsNewestRevisionFirst) {
  Shell("plugin", "a");
  Shell("plugin", "b");
  http_.Respond(kPluginsUrl, 200, "<title> - Revision 25: /</title>\n<li><a href=\"a/\">a/</a>");
  http_.Respond(kPluginsLog, 200, Log(24, "a"));
  http_.Respond(kPluginsLog, 500, "");  // Three failures: the middle chunk is skipped.
  http_.Respond(kPluginsLog, 500, "");
  http_.Respond(kPluginsLog, 500, "");
  http_.Respond(kPluginsLog, 200, Log(3, "b"));

  auto stats = RunBackfill(env(), {.chunk_size = 10});

  ASSERT_TRUE(stats) << stats.error().message();
  EXPECT_EQ(stats->filled, 2);
  EXPECT_EQ(stats->skipped_chunks, 1);
  EXPECT_EQ(Text("SELECT group_concat(name || '=' || trunk_revision) FROM packages"), "a=24,b=3");
  EXPECT_THAT(clock_.sleeps(), ::testing::ElementsAre(seconds(5), seconds(10)));
}

TEST_F(BackfillTest, AStopRequestDuringARetryWaitEndsTheRunAtOnce) {
  Shell("plugin", "a");
  http_.Respond(kPluginsUrl, 200, "<title> - Revision 25: /</title>\n<li><a href=\"a/\">a/</a>");
  http_.Respond(kPluginsLog, 500, "");
  clock_.set_on_sleep([this](std::chrono::milliseconds) { stop_ = true; });  // SIGINT.
  const auto start = clock_.Now();

  auto stats = RunBackfill(env(), {.chunk_size = 10});

  ASSERT_FALSE(stats);
  EXPECT_THAT(stats.error().message(), ::testing::HasSubstr("interrupted"));
  EXPECT_EQ(http_.CountSent(kPluginsLog), 1);
  EXPECT_EQ(clock_.Now(), start);  // The 5 s wait was cut short.
}

TEST_F(BackfillTest, NoRevisionInTheListingIsAnError) {
  Shell("plugin", "a");
  http_.Respond(kPluginsUrl, 200, "<li><a href=\"a/\">a/</a></li>");

  auto stats = RunBackfill(env(), {});

  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().message(), "could not determine current SVN revision");
}

}  // namespace
}  // namespace wpp::ingest
