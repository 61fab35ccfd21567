// The package browser's searches answered from memory
// (docs/behaviour.md §17.10): the words of every package as SQLite's own FTS5 index holds them,
// the collapsed names, and the four sort orders, loaded in one read
// transaction. A search gets exactly the packages, in exactly the order, that
// CatalogStore::Browse's SQL gives; searches the index cannot answer exactly
// (any non-ASCII byte, a word with punctuation) are left to SQLite.

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "db/database.h"
#include "db/pool.h"
#include "web/catalog_store.h"

namespace wpp::web {

class SearchIndex {
 public:
  // Reads the catalogue from `db` (one read transaction).
  static base::Result<std::unique_ptr<SearchIndex>> Load(db::Database& db);

  // The answer for a query with search text, or nullopt when the index cannot
  // answer it exactly (no search text, a non-ASCII byte, a word that is not
  // only letters and digits): the caller asks SQLite then.
  std::optional<BrowseResult> Browse(const BrowseQuery& query) const;

  size_t packages() const { return docs_.size(); }
  size_t terms() const { return terms_.size(); }

 private:
  struct Doc {
    PackageCard card{};
    bool active = false;
  };
  enum Sort { kInstalls, kActiveInstalls, kUpdated, kName, kSorts };

  // Sets `bits` to the packages with a word starting with `prefix`.
  void MatchPrefix(const std::string& prefix, std::vector<uint64_t>& bits) const;
  // Sets in `bits` the packages whose collapsed name contains `needle`.
  void MatchName(const std::string& needle, std::vector<uint64_t>& bits) const;

  std::vector<Doc> docs_;                     // Dense numbers, by id.
  std::vector<std::string> terms_;            // Sorted, as FTS5 stores them.
  std::vector<std::vector<uint32_t>> posts_;  // Per term: doc numbers, ascending.
  std::string names_;                         // Collapsed names, '\n' after each.
  std::vector<uint32_t> name_ends_;           // Per doc: offset of its '\n'.
  // Per trigram of the collapsed names (3 bytes as an integer): the docs
  // whose name has it, ascending.
  std::unordered_map<uint32_t, std::vector<uint32_t>> name_trigrams_;
  std::vector<uint32_t> rank_[kSorts];  // Per sort: doc → position.
};

// The current SearchIndex of a pool's database, loaded again in the
// background when it is older than `max_age` and a search asks for it
// (docs/behaviour.md §17.10). Thread-safe.
class LiveSearchIndex {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;
  LiveSearchIndex(db::ConnectionPool& pool, std::chrono::seconds max_age,
                  Now now = std::chrono::steady_clock::now);
  ~LiveSearchIndex();  // Waits for a load under way.
  LiveSearchIndex(const LiveSearchIndex&) = delete;
  LiveSearchIndex& operator=(const LiveSearchIndex&) = delete;

  // The newest loaded index (null before the first load completes); starts a
  // load when there is none or it is too old and none is under way.
  std::shared_ptr<const SearchIndex> Get();
  // Loads now, on the calling thread (for tests and start-up).
  base::Status LoadNow();

 private:
  db::ConnectionPool& pool_;
  const std::chrono::seconds max_age_;
  const Now now_;
  std::mutex mu_;
  std::shared_ptr<const SearchIndex> current_;       // Guarded by mu_.
  std::chrono::steady_clock::time_point loaded_at_;  // Guarded by mu_.
  bool loading_ = false;                             // Guarded by mu_.
  bool attempted_ = false;                           // Guarded by mu_.
  std::thread loader_;                               // Guarded by mu_.
};

}  // namespace wpp::web
