// CatalogStore: the read-only SQL behind the server's Composer-facing JSON
// endpoints (search, package list, metadata changes feed, health totals).

#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "db/database.h"

namespace wpp::composerapi {

struct SearchHit {
  std::string type{};  // "plugin" | "theme"
  std::string name{};  // Slug.
  std::string description{};
  int64_t active_installs = 0;
};

struct Change {
  std::string package{};
  std::string action{};  // "update" | "delete"
  int64_t timestamp_ms = 0;
};

struct Totals {
  int64_t active_plugins = 0;
  int64_t active_themes = 0;
};

// Borrows `db` (one connection; not thread-safe).
class CatalogStore {
 public:
  explicit CatalogStore(db::Database& db) : db_(db) {}

  // Full-text search over name, display name and description of active
  // packages; `type` is "plugin", "theme" or empty for both.
  base::Result<std::vector<SearchHit>> Search(const std::string& query, const std::string& type,
                                              int limit);
  // Composer names of all active packages, sorted; `glob` may contain `*`.
  base::Result<std::vector<std::string>> ActiveNames(const std::string& glob);
  // Changes with since < timestamp <= checkpoint, last per package, sorted by
  // name; `checkpoint` is MAX(timestamp), or nullopt when the feed is empty.
  base::Result<std::vector<Change>> ChangesSince(int64_t since_ms,
                                                 std::optional<int64_t>* checkpoint);
  base::Result<Totals> CountActive();

 private:
  db::Database& db_;
};

// Bounds on what one search may ask of SQLite: the query's first bytes,
// its first terms, each term's first bytes. A query of 3,500 one-letter
// terms cost seconds of CPU before these existed.
inline constexpr size_t kMaxQueryBytes = 256;
inline constexpr int kMaxSearchTerms = 8;
inline constexpr size_t kMaxTermBytes = 64;
// Time budget of one request's database work (db::Database::Deadline).
inline constexpr std::chrono::milliseconds kQueryBudget{250};

// Turns user words into an FTS5 query: each word a quoted prefix term,
// joined with AND (`"woo"* AND "commerce"*`), within the bounds above.
// Empty when nothing usable.
std::string FtsQuery(const std::string& text);

}  // namespace wpp::composerapi
