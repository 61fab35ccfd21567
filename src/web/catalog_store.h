// The read-only SQL of the home and package pages (docs/behaviour.md §17.7
// and docs/behaviour.md §17.8). Every query is checked by query_plan_test.cc: no full scan of
// packages, no COUNT(*) over the catalogue.

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "db/database.h"

namespace wpp::web {

struct BrowseQuery {
  std::string search{};  // Raw text as typed.
  std::string type{};    // "plugin", "theme" or "" (both).
  std::string sort{};    // "composer_installs" (default), "active_installs", "updated", "name".
  int page = 1;
};

struct PackageCard {
  std::string type{};  // "plugin" / "theme"
  std::string name{};
  std::string display_name{};
  std::string description{};
  std::string current_version{};
  int64_t active_installs = 0;
  int64_t composer_installs = 0;
};

struct BrowseResult {
  std::vector<PackageCard> cards{};
  bool has_next = false;  // One row more than a page was found.
};

struct PackageDetail {
  int64_t id = 0;
  std::string type{}, name{}, display_name{}, description{}, author{}, homepage{};
  std::string current_version{}, wporg_version{}, versions_json{}, updated_at{};
  std::string last_committed{};
  int64_t active_installs = 0, downloads = 0, composer_installs = 0, composer_installs_30d = 0;
  bool is_active = true;
  bool has_card = false;  // An og image was drawn for it.
  // Closure details (docs/behaviour.md §11), for inactive packages.
  std::string closed_date{}, closed_reason_text{};
  bool closed_permanent = false;
};

struct VersionDate {
  std::string version{};
  std::string published_at{};
};

inline constexpr int kPageSize = 12;
// Deeper pages are not served: OFFSET costs the rows it skips.
inline constexpr int kMaxPage = 500;
// Search text beyond this is ignored (docs/behaviour.md §17.7).
inline constexpr size_t kMaxSearchBytes = 200;

// The FTS5 expression for a search: each whitespace-separated token quoted
// (inner quotes doubled) with a prefix '*', joined by AND; tokens without a
// letter or digit are dropped. Empty when nothing remains.
std::string FtsExpression(std::string_view search);
// The tokens FtsExpression quotes, unquoted.
std::vector<std::string> SearchTokens(std::string_view search);
// The name match of a search (docs/behaviour.md §17.7): `needle` is the
// search lower-cased with '-', '_' and spaces removed (empty when shorter than
// 3 bytes: trigrams need three). A short or non-ASCII needle is one quoted
// phrase (`check` false: the index answers exactly); a longer ASCII one is at
// most kTrigramPieces of its trigrams, spread over it and joined by AND, and
// the candidates are checked for the whole needle (`check` true).
struct TrigramSearch {
  std::string expression{};
  std::string needle{};
  bool check = false;
};
inline constexpr size_t kTrigramPhraseBytes = 12;
inline constexpr size_t kTrigramPieces = 4;
TrigramSearch NameTrigrams(std::string_view search);
// NameTrigrams(search).expression.
std::string TrigramExpression(std::string_view search);

// Prepared statements kept per connection, for the queries every package
// request runs. Must be destroyed before the connections (declare it after
// the pool, or let the pages' router go first). Thread-safe: a connection is
// leased to one thread at a time.
class StatementCache {
 public:
  // The statement for `sql` on `db`, reset and unbound. The SQL text is the
  // key: keep the set of texts small (the browser builds a few dozen).
  SQLite::Statement& Get(db::Database& db, const std::string& sql);

 private:
  std::mutex mu_;
  std::map<std::pair<const db::Database*, std::string>, std::unique_ptr<SQLite::Statement>>
      statements_;  // Guarded by mu_ (the map, not the statements).
};

// Borrows `db`; one per request.
class CatalogStore {
 public:
  explicit CatalogStore(db::Database& db, StatementCache* statements = nullptr)
      : db_(db), statements_(statements) {}

  base::Result<BrowseResult> Browse(const BrowseQuery& query);
  // A package by DB type and exact name, active or not.
  base::Result<std::optional<PackageDetail>> Package(const std::string& type,
                                                     const std::string& name);
  // First-published dates of a package's versions.
  base::Result<std::vector<VersionDate>> VersionDates(int64_t package_id);
  // package_stats.updated_at ("" when missing).
  base::Result<std::string> StatsUpdatedAt();

  // The SQL Browse runs for `query` (for the query-plan test).
  static std::string BrowseSql(const BrowseQuery& query);

 private:
  db::Database& db_;
  StatementCache* statements_;
};

}  // namespace wpp::web
