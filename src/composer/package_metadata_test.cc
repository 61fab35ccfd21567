#include "composer/package_metadata.h"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace wpp::composer {
namespace {

using nlohmann::json;

PackageInput Akismet() {
  PackageInput in;
  in.type = PackageType::kPlugin;
  in.slug = "akismet";
  in.description =
      "The best anti-spam protection to block spam comments and spam in a contact form.";
  in.author = "Automattic - Anti-spam Team";
  in.homepage = "https://akismet.com/";
  in.last_committed = "2024-10-03T14:31:00Z";
  in.trunk_revision = 3470087;
  for (const char* v : {"5.3", "5.3.1", "5.3.2", "5.3.3"}) {
    in.versions[v] = std::string("https://downloads.wordpress.org/plugin/akismet.") + v + ".zip";
  }
  in.versions["dev-trunk"] = "https://downloads.wordpress.org/plugin/akismet.zip";
  return in;
}

// The array of a p2 document, expanded as Composer's MetadataMinifier does.
json Versions(const std::string& doc, const std::string& name) {
  const json parsed = json::parse(doc);
  EXPECT_EQ(parsed["minified"], "composer/2.0");
  json out = json::array();
  json expanded;
  for (const json& v : parsed["packages"][name]) {
    if (expanded.is_null()) {
      expanded = v;
    } else {
      for (const auto& [key, value] : v.items()) {
        if (value == "__unset") {
          expanded.erase(key);
        } else {
          expanded[key] = value;
        }
      }
    }
    out.push_back(expanded);
  }
  return out;
}

// The original's akismet example, with version_normalized added
// (docs/decisions.md §23) and in the array form of docs/decisions.md §1.
TEST(PackageMetadataTest, AkismetDevFileIsTheSpecEntryInArrayForm) {
  const PackageDocuments docs = SerializePackage(Akismet());

  ASSERT_TRUE(docs.dev);
  EXPECT_EQ(
      docs.dev->json,
      R"({"minified":"composer/2.0","packages":{"wp-plugin/akismet":[{"authors":[{"name":"Automattic - Anti-spam Team"}],)"
      R"("description":"The best anti-spam protection to block spam comments and spam in a contact form.",)"
      R"("homepage":"https://akismet.com/","name":"wp-plugin/akismet","require":{"composer/installers":"~1.0|~2.0"},)"
      R"("source":{"reference":"trunk@3470087","type":"svn","url":"https://plugins.svn.wordpress.org/akismet/"},)"
      R"("support":{"changelog":"https://wordpress.org/plugins/akismet/#developers","issues":"https://wordpress.org/support/plugin/akismet",)"
      R"("source":"https://plugins.svn.wordpress.org/akismet"},"time":"2024-10-03T14:31:00Z","type":"wordpress-plugin",)"
      R"("uid":221510414,"version":"dev-trunk","version_normalized":"dev-trunk"}]},"security-advisories":[]})");
}

TEST(PackageMetadataTest, MainFileHoldsTaggedVersionsNewestFirstWithDistAndTagReferences) {
  const PackageDocuments docs = SerializePackage(Akismet());

  ASSERT_TRUE(docs.main);
  const json versions = Versions(docs.main->json, "wp-plugin/akismet");
  ASSERT_EQ(versions.size(), 4u);
  EXPECT_EQ(docs.main->versions, 4);
  const std::vector<std::pair<std::string, uint32_t>> expected = {
      {"5.3.3", 3773851820u}, {"5.3.2", 2549569594u}, {"5.3.1", 251529600u}, {"5.3", 2340682739u}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const json& v = versions[i];
    EXPECT_EQ(v["version"], expected[i].first);
    EXPECT_EQ(v["uid"], expected[i].second);
    EXPECT_EQ(v["source"]["reference"], "tags/" + expected[i].first);
    EXPECT_EQ(v["dist"]["url"],
              "https://downloads.wordpress.org/plugin/akismet." + expected[i].first + ".zip");
    EXPECT_EQ(v["type"], "wordpress-plugin");
    EXPECT_EQ(v["authors"][0]["name"], "Automattic - Anti-spam Team");
  }
  EXPECT_EQ(versions[0]["version_normalized"], "5.3.3.0");
  EXPECT_EQ(versions[3]["version_normalized"], "5.3.0.0");
}

TEST(PackageMetadataTest, TrunkOnlyPluginPublishesDevTrunkInBothFiles) {
  PackageInput in;
  in.slug = "trunk-only";

  const PackageDocuments docs = SerializePackage(in);

  ASSERT_TRUE(docs.main);
  ASSERT_TRUE(docs.dev);
  EXPECT_EQ(docs.main->json, docs.dev->json);
  const json v = Versions(docs.dev->json, "wp-plugin/trunk-only")[0];
  EXPECT_EQ(v["version"], "dev-trunk");
  EXPECT_EQ(v["source"]["reference"], "trunk");  // BLD-09: no revision known.
  EXPECT_FALSE(v.contains("dist"));
  EXPECT_FALSE(v.contains("time"));
  EXPECT_FALSE(v.contains("description"));
  EXPECT_FALSE(v.contains("authors"));
  EXPECT_FALSE(v.contains("homepage"));
}

TEST(PackageMetadataTest, ThemesUseBareTagReferencesAndGetNoDevFile) {
  PackageInput in;
  in.type = PackageType::kTheme;
  in.slug = "twentytwentyfive";
  in.versions = {{"1.1", "https://downloads.wordpress.org/theme/twentytwentyfive.1.1.zip"}};

  const PackageDocuments docs = SerializePackage(in);

  EXPECT_FALSE(docs.dev);
  ASSERT_TRUE(docs.main);
  const json v = Versions(docs.main->json, "wp-theme/twentytwentyfive")[0];
  EXPECT_EQ(v["source"]["reference"], "1.1");
  EXPECT_EQ(v["source"]["url"], "https://themes.svn.wordpress.org/twentytwentyfive/");
  EXPECT_EQ(v["type"], "wordpress-theme");
  EXPECT_EQ(v["uid"], 2743559528u);
  EXPECT_EQ(v["support"]["issues"], "https://wordpress.org/support/theme/twentytwentyfive");
}

TEST(PackageMetadataTest, ThemeWithoutTaggedVersionsGetsNoFiles) {
  PackageInput in;
  in.type = PackageType::kTheme;
  in.slug = "empty-theme";
  in.versions = {{"dev-trunk", "https://downloads.wordpress.org/theme/empty-theme.zip"}};

  const PackageDocuments docs = SerializePackage(in);

  EXPECT_FALSE(docs.main);
  EXPECT_FALSE(docs.dev);
}

TEST(PackageMetadataTest, EachVersionKeepsItsOwnPublishedTime) {
  PackageInput in = Akismet();
  in.published = {{"5.3.3", "2024-09-01T10:00:00Z"}, {"5.3.2", "not a time"}};

  const json versions = Versions(SerializePackage(in).main->json, "wp-plugin/akismet");

  EXPECT_EQ(versions[0]["time"], "2024-09-01T10:00:00Z");
  EXPECT_EQ(versions[1]["time"], "2024-10-03T14:31:00Z");  // Malformed: falls back.
  EXPECT_EQ(versions[3]["time"], "2024-10-03T14:31:00Z");  // Missing: falls back.
}

TEST(PackageMetadataTest, DevTrunkTimeFollowsTheLastCommit) {
  PackageInput in = Akismet();
  in.published = {{"dev-trunk", "2020-01-01T00:00:00Z"}};
  EXPECT_EQ(VersionTime(in, "dev-trunk"), "2024-10-03T14:31:00Z");
  in.last_committed.clear();
  EXPECT_EQ(VersionTime(in, "dev-trunk"), "2020-01-01T00:00:00Z");
  EXPECT_EQ(VersionTime(in, "5.3"), "");
}

TEST(PackageMetadataTest, InvalidUtf8IsReplacedSoTheDocumentParses) {
  PackageInput in = Akismet();
  in.description = "bad \xFF\xFE bytes <b>";
  in.author = "Jos\xE9";

  const PackageDocuments docs = SerializePackage(in);

  const json v = Versions(docs.main->json, "wp-plugin/akismet")[0];
  EXPECT_EQ(v["description"], "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes <b>");
  EXPECT_EQ(v["authors"][0]["name"], "Jos\xEF\xBF\xBD");
}

TEST(PackageMetadataTest, StaleKeysAreRenormalisedAndUnparseableVersionsDropped) {
  PackageInput in;
  in.slug = "stale";
  in.versions = {{"v2.0", "u2"}, {"bad!", "x"}, {"1.0-dev.1", "u3"}, {"1.0", "u1"}};

  const PackageDocuments docs = SerializePackage(in);

  const json versions = Versions(docs.main->json, "wp-plugin/stale");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0]["version"], "2.0");
  EXPECT_EQ(versions[0]["dist"]["url"], "u2");
  EXPECT_EQ(versions[1]["version"], "1.0");
  EXPECT_EQ(docs.dropped_versions, 1);  // 1.0-dev.1: Composer rejects it.
}

std::vector<std::string> VersionList(const std::optional<P2File>& file, const std::string& name) {
  std::vector<std::string> out;
  if (file) {
    for (const json& v : Versions(file->json, name)) {
      out.push_back(v["version"].get<std::string>());
    }
  }
  return out;
}

// docs/behaviour.md §14.1: `6.1` and `6.1.0` are one version to Composer.
TEST(PackageMetadataTest, OneEntryPerVersionNormalized) {
  PackageInput in;
  in.slug = "dup";
  const std::string base = "https://downloads.wordpress.org/plugin/dup.";
  in.versions = {{"6.1", base + "6.1.zip"}, {"6.1.0", base + "6.1.0.zip"},
                 {"3.0", base + "zip"},     {"3.0.0", base + "3.0.0.zip"},
                 {"2.0", base + "2.0.zip"}, {"dev-trunk", base + "zip"}};

  const PackageDocuments docs = SerializePackage(in);

  EXPECT_EQ(VersionList(docs.main, "wp-plugin/dup"),
            (std::vector<std::string>{"6.1", "3.0.0", "2.0"}));
  EXPECT_EQ(VersionList(docs.dev, "wp-plugin/dup"), (std::vector<std::string>{"dev-trunk"}));
}

// docs/behaviour.md §14.2: dev-stability versions live in ~dev only.
TEST(PackageMetadataTest, DevStabilityVersionsGoToTheDevFile) {
  PackageInput in;
  in.slug = "devs";
  in.versions = {{"4.0.1", "a"}, {"4.0.2-dev", "b"}, {"4.1-dev", "c"}, {"dev-trunk", "t"}};

  const PackageDocuments docs = SerializePackage(in);

  EXPECT_EQ(VersionList(docs.main, "wp-plugin/devs"), (std::vector<std::string>{"4.0.1"}));
  EXPECT_EQ(VersionList(docs.dev, "wp-plugin/devs"),
            (std::vector<std::string>{"4.1-dev", "4.0.2-dev", "dev-trunk"}));
  const json dev = Versions(docs.dev->json, "wp-plugin/devs");
  EXPECT_EQ(dev[1]["version_normalized"], "4.0.2.0-dev");
  EXPECT_EQ(dev[1]["dist"]["url"], "b");

  // Only dev-stability tags: the main file is dev-trunk alone.
  in.versions = {{"1.0-dev", "a"}};
  const PackageDocuments only_dev = SerializePackage(in);
  EXPECT_EQ(VersionList(only_dev.main, "wp-plugin/devs"), (std::vector<std::string>{"dev-trunk"}));
  EXPECT_EQ(VersionList(only_dev.dev, "wp-plugin/devs"),
            (std::vector<std::string>{"1.0-dev", "dev-trunk"}));

  // A theme gets a ~dev file for them, without dev-trunk.
  in.type = PackageType::kTheme;
  in.versions = {{"2.0", "a"}, {"2.1-dev", "b"}};
  const PackageDocuments theme = SerializePackage(in);
  EXPECT_EQ(VersionList(theme.main, "wp-theme/devs"), (std::vector<std::string>{"2.0"}));
  EXPECT_EQ(VersionList(theme.dev, "wp-theme/devs"), (std::vector<std::string>{"2.1-dev"}));
}

TEST(PackageMetadataTest, OutputIsDeterministic) {
  EXPECT_EQ(SerializePackage(Akismet()).main->json, SerializePackage(Akismet()).main->json);
}

TEST(PackageMetadataTest, SafeSlugs) {
  EXPECT_TRUE(IsSafeSlug("contact-form-7"));
  EXPECT_TRUE(IsSafeSlug("a_b.c"));
  EXPECT_FALSE(IsSafeSlug(""));
  EXPECT_FALSE(IsSafeSlug(".."));
  EXPECT_FALSE(IsSafeSlug("a/b"));
  EXPECT_FALSE(IsSafeSlug("a~dev"));
  EXPECT_FALSE(IsSafeSlug(std::string(201, 'a')));
}

}  // namespace
}  // namespace wpp::composer
