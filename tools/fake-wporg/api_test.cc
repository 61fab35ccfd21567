#include "api.h"

#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corpus.h"
#include "format.h"

namespace wpp::fakewporg {
namespace {

using Json = nlohmann::json;

const char kBase[] = "http://127.0.0.1:9";

// The query of docs/behaviour.md §2.2 as the server layer decodes it.
std::multimap<std::string, std::string> PluginUpdateQuery() {
  std::map<std::string, std::string> q{{"action", "plugin_information"}};
  for (const char* f :
       {"versions", "active_installs", "requires", "tested", "requires_php", "author",
        "short_description", "homepage", "last_updated", "added", "download_link"}) {
    q[std::string("request[fields][") + f + "]"] = "true";
  }
  for (const char* f : {"description", "sections", "compatibility", "reviews", "banners", "icons",
                        "donate_link", "ratings", "contributors", "tags"}) {
    q[std::string("request[fields][") + f + "]"] = "false";
  }
  return {q.begin(), q.end()};
}

std::unique_ptr<Corpus> Load(size_t synthetic) {
  auto corpus =
      Corpus::Load(CorpusOptions{.fixtures_dir = std::string(WPP_SOURCE_DIR) + "/testdata",
                                 .synthetic = synthetic,
                                 .seed = 11,
                                 .with_faults = false});
  EXPECT_TRUE(corpus.ok());
  return std::move(corpus).value();
}

Json ReadJsonFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str());
}

TEST(ApiTest, FixtureAnswerIsTheCaptureWithLinksToTheFake) {
  auto corpus = Load(0);
  const Repo& plugins = corpus->repo(RepoType::kPlugin);
  const Package p = plugins.Build(*plugins.Find("akismet"));

  const Json got =
      Json::parse(RenderInfo(p, FieldSet::Parse(RepoType::kPlugin, PluginUpdateQuery()), kBase));

  std::string expected_text =
      ReadJsonFile(std::string(WPP_SOURCE_DIR) + "/testdata/wporg/plugins/akismet.json").dump();
  expected_text =
      std::regex_replace(expected_text, std::regex("https://downloads\\.wordpress\\.org"),
                         std::string(kBase) + "/downloads");
  EXPECT_EQ(got, Json::parse(expected_text));
}

TEST(ApiTest, SyntheticPluginAnswersTheUpdateRequest) {
  auto corpus = Load(400);
  const Repo& plugins = corpus->repo(RepoType::kPlugin);
  const FieldSet fields = FieldSet::Parse(RepoType::kPlugin, PluginUpdateQuery());
  int checked = 0;
  for (uint32_t id = 0; id < plugins.size(); ++id) {
    const Package p = plugins.Build(id);
    if (p.invalid_utf8 || p.fixture) {
      continue;
    }
    const Json j = Json::parse(RenderInfo(p, fields, kBase));
    for (const char* key :
         {"name", "slug", "version", "author", "requires", "tested", "requires_php",
          "download_link", "added", "last_updated", "homepage", "short_description", "downloaded",
          "active_installs", "rating", "num_ratings", "versions"}) {
      EXPECT_TRUE(j.contains(key)) << p.slug << " lacks " << key;
    }
    EXPECT_FALSE(j.contains("sections"));
    EXPECT_FALSE(j.contains("tags"));
    EXPECT_TRUE(std::regex_match(j["last_updated"].get<std::string>(),
                                 std::regex(R"(\d{4}-\d\d-\d\d \d{1,2}:\d\d[ap]m GMT)")));
    if (p.versions_empty_array) {
      EXPECT_EQ(j["versions"], Json::array());
      continue;
    }
    EXPECT_EQ(j["versions"].size(), p.tags.size() + (p.trunk_key.empty() ? 0 : 1)) << p.slug;
    for (const VersionTag& tag : p.tags) {
      EXPECT_EQ(j["versions"][tag.name].get<std::string>().rfind(
                    std::string(kBase) + "/downloads/plugin/" + p.slug + ".", 0),
                0u);
    }
    ++checked;
  }
  EXPECT_GT(checked, 300);
}

TEST(ApiTest, LastUpdatedOnlyRequestOmitsVersions) {
  auto corpus = Load(50);
  const Repo& plugins = corpus->repo(RepoType::kPlugin);
  const FieldSet fields =
      FieldSet::Parse(RepoType::kPlugin, {{"request[fields][last_updated]", "true"},
                                          {"request[fields][description]", "false"},
                                          {"request[fields][sections]", "false"},
                                          {"request[fields][versions]", "false"}});

  const Json j = Json::parse(RenderInfo(plugins.Build(*plugins.Find("akismet")), fields, kBase));

  EXPECT_EQ(j["last_updated"], "2024-10-03 14:31:00");
  EXPECT_FALSE(j.contains("versions"));
  EXPECT_FALSE(j.contains("sections"));
}

TEST(ApiTest, ThemeAnswerCarriesSectionsAndVersions) {
  auto corpus = Load(300);
  const Repo& themes = corpus->repo(RepoType::kTheme);
  const FieldSet fields =
      FieldSet::Parse(RepoType::kTheme, {{"request[fields][versions]", "true"},
                                         {"request[fields][active_installs]", "true"},
                                         {"request[fields][sections]", "1"}});
  for (uint32_t id = 0; id < themes.size(); ++id) {
    const Package p = themes.Build(id);
    if (p.invalid_utf8) {
      continue;
    }
    const Json j = Json::parse(RenderInfo(p, fields, kBase));
    EXPECT_TRUE(j["sections"]["description"].is_string()) << p.slug;
    EXPECT_TRUE(j["versions"].is_object()) << p.slug;
    EXPECT_TRUE(j.contains("active_installs"));
  }
}

TEST(ApiTest, PhpEscapingDecodesToTheSameText) {
  Package p;
  p.slug = "x";
  p.name = "Café \xF0\x9F\x9A\x80 </b>";
  p.php_escaping = true;

  const std::string body = RenderInfo(p, FieldSet::Parse(RepoType::kPlugin, {}), kBase);

  EXPECT_NE(body.find("Caf\\u00e9 \\ud83d\\ude80 <\\/b>"), std::string::npos) << body;
  EXPECT_EQ(Json::parse(body)["name"], p.name);
}

TEST(ApiTest, InvalidUtf8IsWrittenThrough) {
  Package p;
  p.slug = "x";
  p.short_description = "bad \xC3\x28 byte";
  p.php_escaping = true;

  const std::string body = RenderInfo(p, FieldSet::Parse(RepoType::kPlugin, {}), kBase);

  EXPECT_NE(body.find("bad \xC3\x28 byte"), std::string::npos);
  EXPECT_FALSE(Json::accept(body));
}

TEST(ApiTest, ClosureBodiesFollowTheSpec) {
  Package p;
  p.slug = "gone";
  p.name = "Gone";
  p.closed_date = "2026-04-09";
  p.closure = Closure::kPermanent;
  const Json permanent = Json::parse(RenderClosure(p));
  p.closure = Closure::kTemporary;
  const Json temporary = Json::parse(RenderClosure(p));

  EXPECT_EQ(permanent["error"], "closed");
  EXPECT_NE(permanent["description"].get<std::string>().find("April 9, 2026"), std::string::npos);
  EXPECT_NE(permanent["description"].get<std::string>().find("This closure is permanent."),
            std::string::npos);
  EXPECT_EQ(permanent["reason"], "author-request");
  EXPECT_EQ(temporary["reason"], false);
  EXPECT_NE(temporary["description"].get<std::string>().find("This closure is temporary"),
            std::string::npos);
  EXPECT_EQ(Json::parse(RenderNotFound(RepoType::kPlugin, "nope"))["error"], "Plugin not found.");
}

TEST(ApiTest, DatesUseWordPressOrgAndSvnSpellings) {
  const int64_t midnight = 1727913900000;   // 2024-10-03T00:05:00Z.
  const int64_t afternoon = 1727965860123;  // 2024-10-03T14:31:00.123Z.

  EXPECT_EQ(FormatLastUpdated(midnight, DateStyle::kTwelveHour), "2024-10-03 12:05am GMT");
  EXPECT_EQ(FormatLastUpdated(afternoon, DateStyle::kTwelveHour), "2024-10-03 2:31pm GMT");
  EXPECT_EQ(FormatLastUpdated(afternoon, DateStyle::kIso), "2024-10-03 14:31:00");
  EXPECT_EQ(FormatSvnDate(afternoon), "2024-10-03T14:31:00.123000Z");
  EXPECT_EQ(FormatHttpDate(afternoon), "Thu, 03 Oct 2024 14:31:00 GMT");
  EXPECT_EQ(FormatLongDay(afternoon), "October 3, 2024");
  EXPECT_EQ(DownloadUrl("http://h", RepoType::kTheme, "x", "1.0 Lite"),
            "http://h/downloads/theme/x.1.0%20Lite.zip");
}

}  // namespace
}  // namespace wpp::fakewporg
