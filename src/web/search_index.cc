#include "web/search_index.h"

#include <algorithm>
#include <bit>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "base/log.h"
#include "base/strings.h"

namespace wpp::web {
namespace {

using Bits = std::vector<uint64_t>;

void Set(Bits& bits, uint32_t doc) {
  bits[doc >> 6] |= uint64_t{1} << (doc & 63);
}

std::string Text(SQLite::Statement& q, int column) {
  const SQLite::Column c = q.getColumn(column);
  return c.isNull() ? std::string() : c.getString();
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Printable ASCII and ASCII white space only: what the index answers
// exactly (docs/behaviour.md §17.10).
bool PlainAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x7F || (c < 0x20 && !(c >= '\t' && c <= '\r'))) {
      return false;
    }
  }
  return true;
}

uint32_t Trigram(const char* p) {
  return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
         static_cast<unsigned char>(p[2]);
}

}  // namespace

base::Result<std::unique_ptr<SearchIndex>> SearchIndex::Load(db::Database& db) {
  auto index = std::unique_ptr<SearchIndex>(new SearchIndex());
  SearchIndex& s = *index;
  std::vector<std::string> updated;  // last_committed per doc
  std::vector<bool> has_updated;
  bool sorted = true;  // Terms came in strictly ascending order.
  WPP_RETURN_IF_ERROR(db.Guard("loading the search index", [&] {
    db.sql().exec(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_index_terms "
        "USING fts5vocab(main, 'packages_fts', 'instance')");
    SQLite::Transaction read(db.sql(), SQLite::TransactionBehavior::DEFERRED);
    std::unordered_map<int64_t, uint32_t> doc_of;
    SQLite::Statement rows(db.sql(),
                           "SELECT id, type, name, display_name, description, current_version, "
                           "active_installs, wp_packages_installs_total, last_committed, is_active "
                           "FROM packages ORDER BY id");
    while (rows.executeStep()) {
      const auto doc = static_cast<uint32_t>(s.docs_.size());
      doc_of.emplace(rows.getColumn(0).getInt64(), doc);
      Doc d{.card = {.type = Text(rows, 1),
                     .name = Text(rows, 2),
                     .display_name = Text(rows, 3),
                     .description = Text(rows, 4),
                     .current_version = Text(rows, 5),
                     .active_installs = rows.getColumn(6).getInt64(),
                     .composer_installs = rows.getColumn(7).getInt64()},
            .active = rows.getColumn(9).getInt64() == 1};
      has_updated.push_back(!rows.getColumn(8).isNull());
      updated.push_back(Text(rows, 8));
      std::string collapsed;
      for (char c : d.card.name) {
        if (c != '-') {
          collapsed += c;
        }
      }
      collapsed = base::ToLower(collapsed);
      for (size_t i = 0; i + 3 <= collapsed.size(); ++i) {
        std::vector<uint32_t>& post = s.name_trigrams_[Trigram(collapsed.data() + i)];
        if (post.empty() || post.back() != doc) {
          post.push_back(doc);
        }
      }
      s.names_ += collapsed;
      s.name_ends_.push_back(static_cast<uint32_t>(s.names_.size()));
      s.names_ += '\n';
      s.docs_.push_back(std::move(d));
    }
    SQLite::Statement terms(db.sql(), "SELECT term, doc FROM temp.search_index_terms");
    while (terms.executeStep()) {
      const auto found = doc_of.find(terms.getColumn(1).getInt64());
      if (found == doc_of.end()) {
        continue;
      }
      const char* term = terms.getColumn(0).getText();
      if (s.terms_.empty() || s.terms_.back() != term) {
        sorted = sorted && (s.terms_.empty() || s.terms_.back() < term);
        s.terms_.emplace_back(term);
        s.posts_.emplace_back();
      }
      std::vector<uint32_t>& post = s.posts_.back();
      if (post.empty() || post.back() != found->second) {
        post.push_back(found->second);
      }
    }
    read.commit();
  }));
  if (!sorted) {  // fts5vocab lists terms in order; anything else is not loaded.
    return base::Error(base::ErrorCode::kDataLoss, "fts5vocab terms out of order");
  }
  // Each sort as CatalogStore::BrowseSql orders a search: the key, then the
  // id (docs are numbered in id order).
  const auto n = static_cast<uint32_t>(s.docs_.size());
  const auto& docs = s.docs_;
  const std::function<bool(uint32_t, uint32_t)> before[kSorts] = {
      [&](uint32_t a, uint32_t b) {
        const int64_t x = docs[a].card.composer_installs, y = docs[b].card.composer_installs;
        return x != y ? x > y : a < b;
      },
      [&](uint32_t a, uint32_t b) {
        const int64_t x = docs[a].card.active_installs, y = docs[b].card.active_installs;
        return x != y ? x > y : a < b;
      },
      [&](uint32_t a, uint32_t b) {  // DESC puts NULL last.
        if (has_updated[a] != has_updated[b]) {
          return static_cast<bool>(has_updated[a]);
        }
        const int c = updated[a].compare(updated[b]);
        return c != 0 ? c > 0 : a < b;
      },
      [&](uint32_t a, uint32_t b) {
        const int c = docs[a].card.name.compare(docs[b].card.name);
        return c != 0 ? c < 0 : a < b;
      },
  };
  for (int sort = 0; sort < kSorts; ++sort) {
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), before[sort]);
    s.rank_[sort].resize(n);
    for (uint32_t i = 0; i < n; ++i) {
      s.rank_[sort][order[i]] = i;
    }
  }
  return index;
}

void SearchIndex::MatchPrefix(const std::string& prefix, std::vector<uint64_t>& bits) const {
  for (auto it = std::lower_bound(terms_.begin(), terms_.end(), prefix);
       it != terms_.end() && it->compare(0, prefix.size(), prefix) == 0; ++it) {
    for (uint32_t doc : posts_[it - terms_.begin()]) {
      Set(bits, doc);
    }
  }
}

void SearchIndex::MatchName(const std::string& needle, std::vector<uint64_t>& bits) const {
  // The needle's rarest trigram gives the candidates; each is checked for
  // the whole needle.
  const std::vector<uint32_t>* fewest = nullptr;
  for (size_t i = 0; i + 3 <= needle.size(); ++i) {
    const auto it = name_trigrams_.find(Trigram(needle.data() + i));
    if (it == name_trigrams_.end()) {
      return;
    }
    if (fewest == nullptr || it->second.size() < fewest->size()) {
      fewest = &it->second;
    }
  }
  const std::string_view names(names_);
  for (uint32_t doc : *fewest) {
    const uint32_t begin = doc == 0 ? 0 : name_ends_[doc - 1] + 1;
    if (names.substr(begin, name_ends_[doc] - begin).find(needle) != std::string_view::npos) {
      Set(bits, doc);
    }
  }
}

std::optional<BrowseResult> SearchIndex::Browse(const BrowseQuery& query) const {
  if (query.search.empty() || !PlainAscii(query.search)) {
    return std::nullopt;
  }
  const std::vector<std::string> tokens = SearchTokens(query.search);
  for (const std::string& token : tokens) {
    if (!std::all_of(token.begin(), token.end(), IsAsciiAlnum)) {
      return std::nullopt;  // FTS5 would split it into a phrase.
    }
  }
  const std::string needle = NameTrigrams(query.search).needle;
  BrowseResult out;
  const size_t words = (docs_.size() + 63) / 64;
  Bits matches(words, 0);
  if (!tokens.empty()) {
    Bits word(words);
    for (size_t i = 0; i < tokens.size(); ++i) {
      std::fill(word.begin(), word.end(), 0);
      MatchPrefix(base::ToLower(tokens[i]), word);
      for (size_t w = 0; w < words; ++w) {
        matches[w] = i == 0 ? word[w] : (matches[w] & word[w]);
      }
    }
  }
  if (!needle.empty()) {
    MatchName(needle, matches);
  }
  const int sort = query.sort == "active_installs" ? kActiveInstalls
                   : query.sort == "updated"       ? kUpdated
                   : query.sort == "name"          ? kName
                                                   : kInstalls;
  const std::vector<uint32_t>& rank = rank_[sort];
  std::vector<std::pair<uint32_t, uint32_t>> found;  // (rank, doc)
  for (size_t w = 0; w < words; ++w) {
    for (uint64_t bits = matches[w]; bits != 0; bits &= bits - 1) {
      const auto doc = static_cast<uint32_t>(w * 64 + std::countr_zero(bits));
      const Doc& d = docs_[doc];
      if (d.active && (query.type.empty() || d.card.type == query.type)) {
        found.emplace_back(rank[doc], doc);
      }
    }
  }
  const int page = std::clamp(query.page, 1, kMaxPage);
  const size_t offset = static_cast<size_t>(page - 1) * kPageSize;
  const size_t want = offset + kPageSize + 1;
  if (found.size() > want) {
    std::nth_element(found.begin(), found.begin() + static_cast<ptrdiff_t>(want), found.end());
    found.resize(want);
  }
  std::sort(found.begin(), found.end());
  for (size_t i = offset; i < found.size(); ++i) {
    if (out.cards.size() == kPageSize) {
      out.has_next = true;
      break;
    }
    out.cards.push_back(docs_[found[i].second].card);
  }
  return out;
}

LiveSearchIndex::LiveSearchIndex(db::ConnectionPool& pool, std::chrono::seconds max_age, Now now)
    : pool_(pool), max_age_(max_age), now_(std::move(now)) {}

LiveSearchIndex::~LiveSearchIndex() {
  std::thread loader;
  {
    std::lock_guard<std::mutex> lock(mu_);
    loader = std::move(loader_);
  }
  if (loader.joinable()) {
    loader.join();
  }
}

base::Status LiveSearchIndex::LoadNow() {
  const auto started = now_();
  const auto wall = std::chrono::steady_clock::now();
  auto db = pool_.Acquire();
  auto index = SearchIndex::Load(*db);
  std::lock_guard<std::mutex> lock(mu_);
  loaded_at_ = started;  // A failed load waits max_age too before the next.
  attempted_ = true;
  if (!index) {
    base::log::Warn("search index not loaded: searches use SQLite",
                    {{"error", index.error().message()}});
    return index.error();
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - wall)
          .count();
  base::log::Debug("search index loaded", {{"packages", (*index)->packages()},
                                           {"terms", (*index)->terms()},
                                           {"duration_ms", static_cast<int64_t>(ms)}});
  current_ = std::shared_ptr<const SearchIndex>(std::move(*index));
  return {};
}

std::shared_ptr<const SearchIndex> LiveSearchIndex::Get() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!loading_ && (!attempted_ || now_() - loaded_at_ >= max_age_)) {
    loading_ = true;
    if (loader_.joinable()) {
      loader_.join();  // Finished: loading_ was false.
    }
    loader_ = std::thread([this] {
      (void)LoadNow();
      std::lock_guard<std::mutex> done(mu_);
      loading_ = false;
    });
  }
  return current_;
}

}  // namespace wpp::web
