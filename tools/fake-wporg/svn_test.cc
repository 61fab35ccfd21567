#include "svn.h"

#include <expat.h>

#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "corpus.h"

namespace wpp::fakewporg {
namespace {

// Parses XML with expat and collects the text of every element by local
// name ("S:date" → "date"). Fails the test on malformed XML.
struct Xml {
  std::multimap<std::string, std::string> text;
  std::string current_name;
  std::string current_text;
  int depth = 0;

  static std::string Local(const char* name) {
    std::string s(name);
    const size_t colon = s.rfind(':');
    return colon == std::string::npos ? s : s.substr(colon + 1);
  }

  explicit Xml(const std::string& body) {
    XML_Parser parser = XML_ParserCreate(nullptr);
    XML_SetUserData(parser, this);
    XML_SetElementHandler(
        parser,
        [](void* self, const char* name, const char**) {
          auto* x = static_cast<Xml*>(self);
          x->current_name = Local(name);
          x->current_text.clear();
        },
        [](void* self, const char* name) {
          auto* x = static_cast<Xml*>(self);
          x->text.emplace(Local(name), x->current_text);
          x->current_text.clear();
        });
    XML_SetCharacterDataHandler(parser, [](void* self, const char* s, int len) {
      static_cast<Xml*>(self)->current_text.append(s, static_cast<size_t>(len));
    });
    const bool ok = XML_Parse(parser, body.data(), static_cast<int>(body.size()), 1) != 0;
    EXPECT_TRUE(ok) << XML_ErrorString(XML_GetErrorCode(parser)) << "\n" << body.substr(0, 500);
    XML_ParserFree(parser);
  }

  size_t Count(const std::string& name) const { return text.count(name); }
};

// The listing parser of docs/behaviour.md §2.6, for checking what we render.
std::pair<int64_t, std::vector<std::string>> ParseListing(const std::string& html) {
  int64_t revision = 0;
  std::vector<std::string> slugs;
  std::istringstream in(html);
  for (std::string line; std::getline(in, line);) {
    if (revision == 0 && line.find("Revision ") != std::string::npos) {
      revision = std::stoll(line.substr(line.find("Revision ") + 9));
    }
    const size_t a = line.find("<a href=\"");
    if (a == std::string::npos) {
      continue;
    }
    std::string slug = line.substr(a + 9, line.find('"', a + 9) - a - 9);
    if (!slug.empty() && slug.back() == '/') {
      slug.pop_back();
    }
    if (!slug.empty() && slug != ".." && slug.rfind("!svn", 0) != 0) {
      slugs.push_back(slug);
    }
  }
  return {revision, slugs};
}

TEST(SvnTest, ListingHasTheRevisionLineAndOneAnchorPerEntry) {
  const std::string html =
      RenderListing(3483213, "/", ListingEntries({"akismet", "hello-dolly", "jetpack"}), false);

  const auto [revision, slugs] = ParseListing(html);

  EXPECT_NE(html.find("<title> - Revision 3483213: /</title>"), std::string::npos);
  EXPECT_EQ(revision, 3483213);
  EXPECT_EQ(slugs, (std::vector<std::string>{"akismet", "hello-dolly", "jetpack"}));
}

TEST(SvnTest, SubfolderListingStartsWithAParentLink) {
  const std::string html = RenderListing(7, "/akismet/tags", ListingEntries({"5.3"}), true);

  EXPECT_NE(html.find("<li><a href=\"../\">..</a></li>"), std::string::npos);
  EXPECT_EQ(ParseListing(html).second, std::vector<std::string>{"5.3"});
}

TEST(SvnTest, ParsesTheLogReportRequestOfTheSpec) {
  const auto request = ParseLogRequest(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><S:log-report xmlns:S=\"svn:\" "
      "xmlns:D=\"DAV:\"><S:start-revision>200</S:start-revision><S:end-revision>101"
      "</S:end-revision><S:discover-changed-paths/><S:limit>50000</S:limit></S:log-report>");

  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->start, 200);
  EXPECT_EQ(request->end, 101);
  EXPECT_EQ(request->limit, 50000);
  EXPECT_TRUE(request->discover_changed_paths);
  EXPECT_FALSE(ParseLogRequest("<S:log-report></S:log-report>").ok());
  EXPECT_FALSE(ParseLogRequest("<x/>").ok());
}

TEST(SvnTest, LogReportIsWellFormedAndCarriesPaths) {
  const Commit commit{.type = RepoType::kPlugin,
                      .id = 0,
                      .revision = 205,
                      .time_ms = 1780048800000,
                      .version = "2.10.0"};
  LogItem history{.revision = 204,
                  .time_ms = 1780048500000,
                  .author = "a & b",
                  .comment = "x < y",
                  .paths = {}};
  history.paths.push_back(
      ChangedPath{.action = 'M', .is_dir = false, .path = "/c/trunk/readme.txt"});
  std::string body = LogReportHead();
  AppendLogItem(body, history, true);
  AppendLogItem(body, CommitLogItem(commit, "c"), true);
  body += LogReportTail();

  const Xml xml(body);

  EXPECT_EQ(xml.Count("log-item"), 2u);
  EXPECT_EQ(xml.text.find("version-name")->second, "204");
  EXPECT_EQ(xml.Count("added-path"), 1u);
  EXPECT_EQ(xml.text.find("added-path")->second, "/c/tags/2.10.0");
  EXPECT_EQ(xml.Count("modified-path"), 3u);
  EXPECT_EQ(xml.text.find("comment")->second, "x < y");
  EXPECT_EQ(xml.text.find("date")->second, "2026-05-29T09:55:00.000000Z");
}

TEST(SvnTest, ControlCharactersInOldCommentsAreKept) {
  LogItem item{.revision = 1, .time_ms = 0, .author = "a", .comment = "bad\x01", .paths = {}};
  std::string body;

  AppendLogItem(body, item, false);

  EXPECT_NE(body.find("bad\x01"), std::string::npos);
  EXPECT_EQ(body.find("-path"), std::string::npos);
}

TEST(SvnTest, PropfindListsEachTagFolderWithItsCreationDate) {
  auto corpus =
      Corpus::Load(CorpusOptions{.fixtures_dir = std::string(WPP_SOURCE_DIR) + "/testdata",
                                 .synthetic = 0,
                                 .seed = 1,
                                 .with_faults = false});
  ASSERT_TRUE(corpus.ok());
  const Repo& plugins = (*corpus)->repo(RepoType::kPlugin);
  const Package p = plugins.Build(*plugins.Find("akismet"));

  const Xml depth1(RenderPropfind(p, "/plugins-svn", "", 1));
  const Xml depth0(RenderPropfind(p, "/plugins-svn", "", 0));
  const Xml one(RenderPropfind(p, "/plugins-svn", "5.3.1", 0));

  EXPECT_EQ(depth1.Count("response"), 5u);
  EXPECT_EQ(depth1.Count("creationdate"), 5u);
  EXPECT_EQ(depth0.Count("response"), 1u);
  std::vector<std::string> hrefs;
  for (auto [it, end] = depth1.text.equal_range("href"); it != end; ++it) {
    hrefs.push_back(it->second);
  }
  EXPECT_EQ(hrefs.front(), "/plugins-svn/akismet/tags/");
  EXPECT_EQ(hrefs.back(), "/plugins-svn/akismet/tags/5.3.3/");
  EXPECT_EQ(one.Count("response"), 1u);
  EXPECT_EQ(one.text.find("href")->second, "/plugins-svn/akismet/tags/5.3.1/");
  EXPECT_EQ(one.text.find("creationdate")->second.size(), 27u);
}

}  // namespace
}  // namespace wpp::fakewporg
