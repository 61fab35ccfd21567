// The search index answers exactly what CatalogStore::Browse's SQL answers
// (docs/behaviour.md §17.10), checked on random catalogues and searches.

#include "web/search_index.h"

#include <random>
#include <thread>

#include "gtest/gtest.h"

#include "testutil/test_db.h"

namespace wpp::web {
namespace {

const char* const kWords[] = {"seo",     "cache",    "seopress", "forms", "form", "contact", "woo",
                              "shop",    "shipping", "ship",     "a1",    "b",    "gallery", "pay",
                              "payment", "wp",       "calendar", "cal",   "x",    "yoast"};

std::string Pick(std::mt19937& rng, std::initializer_list<std::string> options) {
  std::uniform_int_distribution<size_t> d(0, options.size() - 1);
  return *(options.begin() + static_cast<ptrdiff_t>(d(rng)));
}

std::string Word(std::mt19937& rng) {
  std::uniform_int_distribution<size_t> d(0, std::size(kWords) - 1);
  return kWords[d(rng)];
}

class SearchIndexTest : public ::testing::Test {
 protected:
  void Fill(std::mt19937& rng, int n, const std::string& file = "wpp.db") {
    const std::string path = tmp_.file(file);
    auto db = db::Database::Open(path);
    ASSERT_TRUE(db && (*db)->Migrate());
    db_ = std::move(db).value();
    std::uniform_int_distribution<int> small(0, 4), coin(0, 1), words(1, 5);
    SQLite::Statement insert(
        db_->sql(),
        "INSERT OR IGNORE INTO packages (type, name, display_name, description, "
        "versions_json, is_active, active_installs, "
        "wp_packages_installs_total, last_committed, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, 'x', 'x')");
    for (int i = 0; i < n; ++i) {
      // Names of words joined by '-' (some repeated across types), display
      // names with upper case and punctuation, descriptions of a few words.
      std::string name = Word(rng);
      for (int w = small(rng) % 3; w > 0; --w) {
        name += (coin(rng) ? "-" : "") + Word(rng);
      }
      name += "-" + std::to_string(i % (n / 3 + 1));
      std::string display = Word(rng) + " " + Pick(rng, {"Pro", "PRO", "for WP", "& more", "Lite"});
      display[0] = static_cast<char>(std::toupper(display[0]));
      std::string description;
      for (int w = words(rng); w > 0; --w) {
        description += Word(rng) + Pick(rng, {" ", ", ", "-", ". "});
      }
      insert.bind(1, coin(rng) ? "plugin" : "theme");
      insert.bind(2, name);
      insert.bind(3, display);
      insert.bind(4, description);
      insert.bind(5, small(rng) == 0 ? 0 : 1);
      insert.bind(6, small(rng) * 100);  // Many ties.
      insert.bind(7, small(rng) * 10);
      if (small(rng) == 0) {
        insert.bind(8);  // NULL last_committed.
      } else {
        insert.bind(8, "2026-01-0" + std::to_string(1 + small(rng)));
      }
      insert.exec();
      insert.reset();
    }
  }

  std::string Search(std::mt19937& rng) {
    std::uniform_int_distribution<int> tokens(1, 3), cut(1, 8), kind(0, 9);
    std::string search;
    for (int t = tokens(rng); t > 0; --t) {
      std::string token = Word(rng);
      switch (kind(rng)) {
        case 0:
          token = token.substr(0, std::min<size_t>(token.size(), cut(rng)));
          break;
        case 1:
          token[0] = static_cast<char>(std::toupper(token[0]));
          break;
        case 2:
          token += "-" + Word(rng);  // A phrase in FTS5: left to SQLite.
          break;
        case 3:
          token = "***";
          break;
        case 4:
          token = "\"" + token;
          break;
        case 5:
          token += "é";  // Non-ASCII: left to SQLite.
          break;
        default:
          break;
      }
      search += (search.empty() ? "" : Pick(rng, {" ", "  ", "\t"})) + token;
    }
    return search;
  }

  testutil::TempDir tmp_;
  std::unique_ptr<db::Database> db_;
};

TEST_F(SearchIndexTest, AnswersWhatTheSqlAnswers) {
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    std::mt19937 rng(seed);
    Fill(rng, 400, "wpp-" + std::to_string(seed) + ".db");
    auto index = SearchIndex::Load(*db_);
    ASSERT_TRUE(index) << index.error().message();
    int answered = 0, left = 0;
    for (int i = 0; i < 600; ++i) {
      BrowseQuery q{.search = Search(rng),
                    .type = Pick(rng, {"", "", "plugin", "theme", "other"}),
                    .sort = Pick(rng, {"", "active_installs", "updated", "name", "bogus"}),
                    .page = std::uniform_int_distribution<int>(0, 3)(rng)};
      auto fast = (*index)->Browse(q);
      auto sql = CatalogStore(*db_).Browse(q);
      ASSERT_TRUE(sql) << sql.error().message();
      if (!fast) {
        ++left;
        continue;
      }
      ++answered;
      std::vector<std::string> a, b;
      for (const PackageCard& c : fast->cards) {
        a.push_back(c.type + "/" + c.name + " " + c.display_name + " " + c.description + " " +
                    std::to_string(c.active_installs) + " " + std::to_string(c.composer_installs));
      }
      for (const PackageCard& c : sql->cards) {
        b.push_back(c.type + "/" + c.name + " " + c.display_name + " " + c.description + " " +
                    std::to_string(c.active_installs) + " " + std::to_string(c.composer_installs));
      }
      ASSERT_EQ(a, b) << "search '" << q.search << "' type " << q.type << " sort " << q.sort
                      << " page " << q.page << " seed " << seed;
      ASSERT_EQ(fast->has_next, sql->has_next) << "search '" << q.search << "'";
    }
    // Both paths were exercised: the index answers plain searches and
    // leaves the others to SQLite.
    EXPECT_GT(answered, 250);
    EXPECT_GT(left, 50);
  }
}

TEST_F(SearchIndexTest, LeavesWhatItCannotAnswerExactlyToSqlite) {
  std::mt19937 rng(9);
  Fill(rng, 20);
  auto index = SearchIndex::Load(*db_);
  ASSERT_TRUE(index);
  EXPECT_FALSE((*index)->Browse({.search = "", .type = "", .sort = "", .page = 1}));
  EXPECT_FALSE((*index)->Browse({.search = "caf\xc3\xa9", .type = "", .sort = "", .page = 1}));
  EXPECT_FALSE((*index)->Browse({.search = "wp-seo", .type = "", .sort = "", .page = 1}));
  EXPECT_FALSE((*index)->Browse({.search = "seo\x01", .type = "", .sort = "", .page = 1}));
  EXPECT_TRUE((*index)->Browse({.search = "Seo  cache", .type = "", .sort = "", .page = 1}));
  EXPECT_TRUE((*index)->Browse({.search = "seo ***", .type = "", .sort = "", .page = 1}));
}

TEST_F(SearchIndexTest, LiveIndexLoadsAgainWhenOld) {
  std::mt19937 rng(3);
  Fill(rng, 30);
  auto pool = db::ConnectionPool::Open(tmp_.file("wpp.db"), 2);
  ASSERT_TRUE(pool);
  auto now = std::chrono::steady_clock::time_point{};
  auto live =
      std::make_unique<LiveSearchIndex>(**pool, std::chrono::seconds(30), [&] { return now; });
  ASSERT_TRUE(live->LoadNow().ok());
  const BrowseQuery q{.search = "zzznew", .type = "", .sort = "", .page = 1};
  auto first = live->Get();
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->Browse(q)->cards.empty());
  ASSERT_TRUE(db_->Exec("INSERT INTO packages (type, name, display_name, description, "
                        "versions_json, created_at, updated_at) VALUES ('plugin', 'zzznew', "
                        "'Z', 'd', '{}', 'x', 'x')")
                  .ok());
  // Younger than max_age: the same index, no load.
  now += std::chrono::seconds(29);
  EXPECT_EQ(live->Get(), first);
  // Older: the next Get starts a load and keeps answering from the old index
  // until it is done; then the new package is found.
  now += std::chrono::seconds(2);
  std::shared_ptr<const SearchIndex> next = live->Get();
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (next == first && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    next = live->Get();
  }
  ASSERT_NE(next, first);
  ASSERT_EQ(next->Browse(q)->cards.size(), 1u);
}

}  // namespace
}  // namespace wpp::web
