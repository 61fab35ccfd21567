#include "corpus.h"

#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "api.h"
#include "hostile.h"

namespace wpp::fakewporg {
namespace {

std::unique_ptr<Corpus> Synthetic(size_t n, uint64_t seed, bool fixtures = false) {
  auto corpus = Corpus::Load(
      CorpusOptions{.fixtures_dir = fixtures ? std::string(WPP_SOURCE_DIR) + "/testdata" : "",
                    .synthetic = n,
                    .seed = seed,
                    .with_faults = false,
                    .hostile = false});
  EXPECT_TRUE(corpus.ok());
  return std::move(corpus).value();
}

std::string Rendered(const Corpus& corpus, RepoType type, uint32_t id) {
  return RenderInfo(corpus.repo(type).Build(id), FieldSet::Parse(type, {}), "http://x");
}

TEST(CorpusTest, SameSeedGivesTheSameCorpus) {
  auto a = Synthetic(1500, 42);
  auto b = Synthetic(1500, 42);

  ASSERT_EQ(a->repo(RepoType::kPlugin).size(), b->repo(RepoType::kPlugin).size());
  for (uint32_t id = 0; id < a->repo(RepoType::kPlugin).size(); id += 7) {
    EXPECT_EQ(Rendered(*a, RepoType::kPlugin, id), Rendered(*b, RepoType::kPlugin, id));
  }
  for (uint32_t id = 0; id < a->repo(RepoType::kTheme).size(); id += 5) {
    EXPECT_EQ(Rendered(*a, RepoType::kTheme, id), Rendered(*b, RepoType::kTheme, id));
  }
}

TEST(CorpusTest, DifferentSeedsGiveDifferentCorpora) {
  auto a = Synthetic(300, 1);
  auto b = Synthetic(300, 2);

  int same = 0;
  for (uint32_t id = 0; id < 100; ++id) {
    same += a->repo(RepoType::kPlugin).Slug(id) == b->repo(RepoType::kPlugin).Slug(id);
  }
  EXPECT_LT(same, 20);
}

TEST(CorpusTest, SplitsPluginsAndThemesLikeWordPressOrg) {
  auto corpus = Synthetic(10000, 3);

  EXPECT_EQ(corpus->repo(RepoType::kPlugin).size(), 8200u);
  EXPECT_EQ(corpus->repo(RepoType::kTheme).size(), 1800u);
}

TEST(CorpusTest, SlugsAreUniqueLowerCaseAndListedInOrder) {
  auto corpus = Synthetic(5000, 4, true);

  for (RepoType type : {RepoType::kPlugin, RepoType::kTheme}) {
    const Repo& repo = corpus->repo(type);
    std::set<std::string> seen;
    std::string previous;
    for (uint32_t id : repo.Sorted()) {
      const std::string& slug = repo.Slug(id);
      EXPECT_TRUE(seen.insert(slug).second) << slug;
      EXPECT_LT(previous, slug);
      EXPECT_TRUE(std::all_of(slug.begin(), slug.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      })) << slug;
      EXPECT_EQ(repo.Find(slug), id);
      previous = slug;
    }
  }
}

TEST(CorpusTest, VersionCountsAreLongTailed) {
  auto corpus = Synthetic(6000, 5);
  const Repo& repo = corpus->repo(RepoType::kPlugin);
  std::vector<size_t> counts;
  for (uint32_t id = 0; id < repo.size(); ++id) {
    counts.push_back(repo.Build(id).tags.size());
  }
  std::sort(counts.begin(), counts.end());

  const size_t median = counts[counts.size() / 2];
  const auto at_most_ten =
      std::count_if(counts.begin(), counts.end(), [](size_t n) { return n <= 10; });
  EXPECT_GE(median, 3u);
  EXPECT_LE(median, 10u);
  EXPECT_GT(static_cast<double>(at_most_ten) / static_cast<double>(counts.size()), 0.6);
  EXPECT_GE(counts.back(), 200u);
  EXPECT_LE(counts.back(), 700u);
}

TEST(CorpusTest, OddVersionStringsClosuresAndBadTextOccur) {
  auto corpus = Synthetic(8000, 6);
  const Repo& repo = corpus->repo(RepoType::kPlugin);
  std::map<std::string, int> seen;
  for (uint32_t id = 0; id < repo.size(); ++id) {
    const Package p = repo.Build(id);
    std::set<std::string> names;
    for (const VersionTag& tag : p.tags) {
      names.insert(tag.name);
      seen["v-prefix"] += tag.name[0] == 'v';
      seen["five-parts"] += std::count(tag.name.begin(), tag.name.end(), '.') == 4;
      seen["dev-digit"] += tag.name.find("-dev1") != std::string::npos;
      seen["patch-level"] += tag.name.find("-pl1") != std::string::npos;
      seen["trailing-dot"] += tag.name.back() == '.';
      if (tag.name.size() > 2 && tag.name.ends_with(".0")) {
        seen["both-forms"] += names.count(tag.name.substr(0, tag.name.size() - 2));
      }
    }
    seen["trunk"] += p.trunk_key == "trunk";
    seen["temporary"] += p.closure == Closure::kTemporary;
    seen["permanent"] += p.closure == Closure::kPermanent;
    seen["missing"] += p.api_missing;
    seen["invalid-utf8"] += p.invalid_utf8;
    seen["empty-array"] += p.versions_empty_array;
    seen["big-description"] += p.description_html.size() > 8000;
    seen["non-ascii"] += p.name.find("\xE2\x80\x94") != std::string::npos ||
                         p.short_description.find("\xE6\x97\xA5") != std::string::npos;
  }
  for (const char* what : {"v-prefix", "five-parts", "dev-digit", "patch-level", "trailing-dot",
                           "both-forms", "trunk", "temporary", "permanent", "missing",
                           "invalid-utf8", "empty-array", "big-description", "non-ascii"}) {
    EXPECT_GT(seen[what], 0) << what;
  }
  EXPECT_LT(seen["temporary"] + seen["permanent"], static_cast<int>(repo.size()) / 20);
}

TEST(CorpusTest, FixturesAreServedAsCaptured) {
  auto corpus = Synthetic(0, 1, true);
  const Repo& plugins = corpus->repo(RepoType::kPlugin);

  const auto akismet = plugins.Find("akismet");
  ASSERT_TRUE(akismet.has_value());
  const Package p = plugins.Build(*akismet);
  EXPECT_EQ(p.version, "5.3.3");
  ASSERT_EQ(p.tags.size(), 4u);
  EXPECT_EQ(p.tags.front().name, "5.3");
  EXPECT_EQ(p.trunk_key, "dev-trunk");
  EXPECT_EQ(plugins.Build(*plugins.Find("yalw")).closure, Closure::kPermanent);
  EXPECT_EQ(plugins.Build(*plugins.Find("temp")).closure, Closure::kTemporary);
  EXPECT_TRUE(corpus->repo(RepoType::kTheme).Find("twentytwentyfive").has_value());
}

// Scanning the history newest-first, the first revision seen for a slug is
// the package's last_revision (what backfill-revisions relies on).
TEST(CorpusTest, HistoryAgreesWithEachPackagesLastRevision) {
  auto corpus = Synthetic(120, 7, true);
  for (RepoType type : {RepoType::kPlugin, RepoType::kTheme}) {
    const Repo& repo = corpus->repo(type);
    std::map<std::string, int64_t> newest;
    for (int64_t rev = repo.clock().head; rev >= 1; --rev) {
      for (const ChangedPath& path : repo.HistoryItem(rev).paths) {
        const std::string slug = path.path.substr(1, path.path.find('/', 1) - 1);
        newest.emplace(slug, rev);
      }
    }
    for (uint32_t id = 0; id < repo.size(); ++id) {
      EXPECT_EQ(newest[repo.Slug(id)], repo.Build(id).last_revision) << repo.Slug(id);
    }
  }
}

TEST(CorpusTest, LastUpdatedFollowsTheRevisionClock) {
  auto corpus = Synthetic(200, 8);
  const Repo& repo = corpus->repo(RepoType::kPlugin);
  for (uint32_t id = 0; id < repo.size(); ++id) {
    const Package p = repo.Build(id);
    EXPECT_EQ(p.last_updated_ms, repo.clock().TimeOf(p.last_revision));
    for (size_t i = 1; i < p.tags.size(); ++i) {
      EXPECT_LT(p.tags[i - 1].published_ms, p.tags[i].published_ms) << p.slug;
    }
  }
}

TEST(CorpusTest, HostilePackagesAreListedAndHostile) {
  auto corpus = Corpus::Load(CorpusOptions{.synthetic = 50, .seed = 3, .hostile = true});
  ASSERT_TRUE(corpus.ok());
  std::string all;
  for (RepoType type : {RepoType::kPlugin, RepoType::kTheme}) {
    for (const std::string& slug : HostileSlugs(type)) {
      const auto id = (*corpus)->repo(type).Find(slug);
      ASSERT_TRUE(id.has_value()) << slug;
      const Package p = (*corpus)->repo(type).Build(*id);
      EXPECT_EQ(p.slug, slug);
      EXPECT_FALSE(p.tags.empty()) << slug;
      all += p.name + p.author + p.homepage + p.short_description + p.description_html;
      if (slug == "hostile-huge-description") {
        EXPECT_GE(p.description_html.size(), 100u * 1024);
      }
    }
  }
  for (const char* attack : {"<script>", "\" onmouseover=", "javascript:", "data:text/html",
                             "\xE2\x80\xAE", "\xC3\x28"}) {
    EXPECT_NE(all.find(attack), std::string::npos) << attack;
  }
  // Without the flag there are none.
  auto plain = Synthetic(50, 3);
  EXPECT_FALSE(plain->repo(RepoType::kPlugin).Find("hostile-script").has_value());
}

}  // namespace
}  // namespace wpp::fakewporg
