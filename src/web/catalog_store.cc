#include "web/catalog_store.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"

namespace wpp::web {
namespace {

constexpr size_t kMaxTokens = 8;

bool HasWordChar(std::string_view token) {
  for (unsigned char c : token) {
    if (std::isalnum(c) || c >= 0x80) {
      return true;
    }
  }
  return false;
}

// At most kMaxSearchBytes, cut on a UTF-8 character boundary.
std::string_view Bounded(std::string_view search) {
  if (search.size() <= kMaxSearchBytes) {
    return search;
  }
  size_t end = kMaxSearchBytes;
  while (end > 0 && (static_cast<unsigned char>(search[end]) & 0xC0) == 0x80) {
    --end;
  }
  return search.substr(0, end);
}

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

const char* OrderBy(const std::string& sort) {
  if (sort == "active_installs") {
    return "active_installs DESC";
  }
  if (sort == "updated") {
    return "last_committed DESC";
  }
  if (sort == "name") {
    return "name ASC";
  }
  return "wp_packages_installs_total DESC";
}

std::string Text(SQLite::Statement& q, int column) {
  const SQLite::Column c = q.getColumn(column);
  return c.isNull() ? std::string() : c.getString();
}

// Resets a kept statement when the query is done, so it holds no read
// transaction open between requests.
struct ResetOnExit {
  SQLite::Statement& statement;
  ~ResetOnExit() {
    try {
      statement.reset();
    } catch (...) {  // The step's own error was already reported.
    }
  }
};

}  // namespace

std::vector<std::string> SearchTokens(std::string_view search) {
  std::vector<std::string> out;
  std::string spaced(Bounded(search));
  for (char& c : spaced) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      c = ' ';
    }
  }
  for (std::string& token : base::Split(spaced, ' ')) {
    if (!token.empty() && HasWordChar(token) && out.size() < kMaxTokens) {
      out.push_back(std::move(token));
    }
  }
  return out;
}

std::string FtsExpression(std::string_view search) {
  std::string out;
  for (const std::string& token : SearchTokens(search)) {
    out += (out.empty() ? "" : " AND ") + Quoted(token) + "*";
  }
  return out;
}

TrigramSearch NameTrigrams(std::string_view search) {
  TrigramSearch out;
  bool ascii = true;
  for (char c : Bounded(search)) {
    if (c != '-' && c != '_' && !std::isspace(static_cast<unsigned char>(c))) {
      out.needle += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    }
  }
  const size_t n = out.needle.size();
  if (n < 3) {
    return {};
  }
  if (n <= kTrigramPhraseBytes || !ascii) {
    out.expression = Quoted(out.needle);
    return out;
  }
  // Evenly spread starts, the first and the last trigram included; the
  // check of the whole needle makes the answer exact (docs/behaviour.md §17.7).
  size_t previous = std::string::npos;
  for (size_t i = 0; i < kTrigramPieces; ++i) {
    const size_t start = i * (n - 3) / (kTrigramPieces - 1);
    if (start == previous) {
      continue;
    }
    previous = start;
    out.expression += (out.expression.empty() ? "" : " AND ") + Quoted(out.needle.substr(start, 3));
  }
  out.check = true;
  return out;
}

std::string TrigramExpression(std::string_view search) {
  return NameTrigrams(search).expression;
}

std::string CatalogStore::BrowseSql(const BrowseQuery& query) {
  const std::string columns =
      "SELECT p.type, p.name, p.display_name, p.description, p.current_version, "
      "p.active_installs, p.wp_packages_installs_total FROM ";
  std::string sql;
  const std::string fts = FtsExpression(query.search);
  const TrigramSearch trigram = NameTrigrams(query.search);
  if (!fts.empty() || !trigram.expression.empty()) {
    // The matches drive the query (CROSS JOIN keeps them the outer loop),
    // then only they are sorted: cost follows the matches, never the
    // catalogue (docs/behaviour.md §17.7).
    sql = columns + "(";
    if (!fts.empty()) {
      sql += "SELECT rowid AS id FROM packages_fts WHERE packages_fts MATCH :fts";
    }
    if (!trigram.expression.empty()) {
      sql += fts.empty() ? "" : " UNION ";
      sql +=
          trigram.check
              ? "SELECT t.rowid AS id FROM packages_name_trigrams AS t CROSS JOIN packages AS pn "
                "ON pn.id = t.rowid WHERE t.packages_name_trigrams MATCH :tri "
                "AND instr(lower(replace(pn.name, '-', '')), :needle) > 0"
              : "SELECT rowid AS id FROM packages_name_trigrams WHERE packages_name_trigrams "
                "MATCH :tri";
    }
    sql += ") AS m CROSS JOIN packages AS p ON p.id = m.id WHERE p.is_active = 1";
  } else if (query.sort == "name") {
    // The name index gives the order; '+' keeps the planner off the
    // is_active indexes, which would sort the whole catalogue.
    sql = columns + "packages AS p WHERE +p.is_active = 1";
  } else {
    sql = columns + "packages AS p WHERE p.is_active = 1";
  }
  if (!query.type.empty()) {
    sql += " AND p.type = :type";
  }
  sql += " ORDER BY p.";
  sql += OrderBy(query.sort);
  if (!fts.empty() || !trigram.expression.empty()) {
    sql += ", p.id";  // Ties in a stable order, as the search index gives them.
  }
  sql += " LIMIT :limit OFFSET :offset";
  return sql;
}

base::Result<BrowseResult> CatalogStore::Browse(const BrowseQuery& query) {
  BrowseResult out;
  const std::string fts = FtsExpression(query.search);
  const TrigramSearch trigram = NameTrigrams(query.search);
  if (!query.search.empty() && fts.empty() && trigram.expression.empty()) {
    return out;  // Nothing searchable in the text: no matches.
  }
  const std::string sql = BrowseSql(query);
  const int page = std::clamp(query.page, 1, kMaxPage);
  db::Database::Deadline deadline(db_, std::chrono::seconds(2));
  WPP_RETURN_IF_ERROR(db_.Guard("browsing packages", [&] {
    // Kept per connection when the pages share a cache: the SQL has a few
    // dozen shapes, and preparing one (FTS5 tables included) costs some
    // 45 us, about 5% of an uncached search (docs/behaviour.md §17.7).
    std::optional<SQLite::Statement> own;
    if (statements_ == nullptr) {
      own.emplace(db_.sql(), sql);
    }
    SQLite::Statement& q = own ? *own : statements_->Get(db_, sql);
    ResetOnExit reset{q};
    if (!query.type.empty()) {
      q.bind(":type", query.type);
    }
    if (!fts.empty()) {
      q.bind(":fts", fts);
    }
    if (!trigram.expression.empty()) {
      q.bind(":tri", trigram.expression);
    }
    if (trigram.check) {
      q.bind(":needle", trigram.needle);
    }
    q.bind(":limit", kPageSize + 1);
    q.bind(":offset", (page - 1) * kPageSize);
    while (q.executeStep()) {
      if (static_cast<int>(out.cards.size()) == kPageSize) {
        out.has_next = true;
        break;
      }
      out.cards.push_back({.type = Text(q, 0),
                           .name = Text(q, 1),
                           .display_name = Text(q, 2),
                           .description = Text(q, 3),
                           .current_version = Text(q, 4),
                           .active_installs = q.getColumn(5).getInt64(),
                           .composer_installs = q.getColumn(6).getInt64()});
    }
  }));
  return out;
}

SQLite::Statement& StatementCache::Get(db::Database& db, const std::string& sql) {
  std::unique_ptr<SQLite::Statement>* slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    slot = &statements_[{&db, sql}];
  }
  if (!*slot) {
    *slot = std::make_unique<SQLite::Statement>(db.sql(), sql);
  }
  (*slot)->reset();
  (*slot)->clearBindings();
  return **slot;
}

namespace {

constexpr char kPackageSql[] =
    "SELECT id, type, name, display_name, description, author, homepage, current_version, "
    "wporg_version, versions_json, updated_at, last_committed, active_installs, downloads, "
    "wp_packages_installs_total, wp_packages_installs_30d, is_active, "
    "EXISTS (SELECT 1 FROM og_images WHERE package_id = packages.id), closed_date, "
    "closed_reason_text, closed_permanent FROM packages WHERE type = ? AND name = ?";

}  // namespace

base::Result<std::optional<PackageDetail>> CatalogStore::Package(const std::string& type,
                                                                 const std::string& name) {
  std::optional<PackageDetail> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading a package", [&] {
    std::optional<SQLite::Statement> own;
    if (statements_ == nullptr) {
      own.emplace(db_.sql(), kPackageSql);
    }
    SQLite::Statement& q = own ? *own : statements_->Get(db_, kPackageSql);
    ResetOnExit reset{q};
    q.bind(1, type);
    q.bind(2, name);
    if (!q.executeStep()) {
      return;
    }
    PackageDetail d;
    d.id = q.getColumn(0).getInt64();
    d.type = Text(q, 1);
    d.name = Text(q, 2);
    d.display_name = Text(q, 3);
    d.description = Text(q, 4);
    d.author = Text(q, 5);
    d.homepage = Text(q, 6);
    d.current_version = Text(q, 7);
    d.wporg_version = Text(q, 8);
    d.versions_json = Text(q, 9);
    d.updated_at = Text(q, 10);
    d.last_committed = Text(q, 11);
    d.active_installs = q.getColumn(12).getInt64();
    d.downloads = q.getColumn(13).getInt64();
    d.composer_installs = q.getColumn(14).getInt64();
    d.composer_installs_30d = q.getColumn(15).getInt64();
    d.is_active = q.getColumn(16).getInt() != 0;
    d.has_card = q.getColumn(17).getInt() != 0;
    d.closed_date = Text(q, 18);
    d.closed_reason_text = Text(q, 19);
    d.closed_permanent = !q.getColumn(20).isNull() && q.getColumn(20).getInt() != 0;
    out = std::move(d);
  }));
  return out;
}

base::Result<std::vector<VersionDate>> CatalogStore::VersionDates(int64_t package_id) {
  std::vector<VersionDate> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading version dates", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT version, published_at FROM package_versions WHERE package_id = ?");
    q.bind(1, package_id);
    while (q.executeStep()) {
      out.push_back({Text(q, 0), Text(q, 1)});
    }
  }));
  return out;
}

base::Result<std::string> CatalogStore::StatsUpdatedAt() {
  std::string out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading package_stats", [&] {
    SQLite::Statement q(db_.sql(), "SELECT updated_at FROM package_stats WHERE id = 1");
    if (q.executeStep()) {
      out = Text(q, 0);
    }
  }));
  return out;
}

}  // namespace wpp::web
