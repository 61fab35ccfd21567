#include "composerapi/catalog_store.h"

#include <cctype>

#include "base/strings.h"

namespace wpp::composerapi {

std::string FtsQuery(const std::string& text) {
  std::string out;
  std::string word;
  int terms = 0;
  auto flush = [&] {
    if (!word.empty() && terms < kMaxSearchTerms) {
      out += (out.empty() ? "\"" : " AND \"") + word.substr(0, kMaxTermBytes) + "\"*";
      ++terms;
    }
    word.clear();
  };
  for (char c : std::string_view(text).substr(0, kMaxQueryBytes)) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

base::Result<std::vector<SearchHit>> CatalogStore::Search(const std::string& query,
                                                          const std::string& type, int limit) {
  std::vector<SearchHit> hits;
  const std::string fts = FtsQuery(base::SanitizeUtf8(query));
  if (fts.empty()) {
    return hits;
  }
  WPP_RETURN_IF_ERROR(db_.Guard("searching packages", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT p.type, p.name, COALESCE(p.description, ''), p.active_installs "
                        "FROM packages_fts f JOIN packages p ON p.id = f.rowid "
                        "WHERE packages_fts MATCH ? AND p.is_active = 1 AND (? = '' OR p.type = ?) "
                        "ORDER BY (p.name = ?) DESC, p.active_installs DESC, p.name LIMIT ?");
    q.bind(1, fts);
    q.bind(2, type);
    q.bind(3, type);
    q.bind(4, base::ToLower(base::Trim(query)));
    q.bind(5, limit);
    while (q.executeStep()) {
      hits.push_back(SearchHit{q.getColumn(0).getString(), q.getColumn(1).getString(),
                               q.getColumn(2).getString(), q.getColumn(3).getInt64()});
    }
  }));
  return hits;
}

base::Result<std::vector<std::string>> CatalogStore::ActiveNames(const std::string& glob) {
  std::vector<std::string> names;
  WPP_RETURN_IF_ERROR(db_.Guard("listing packages", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT 'wp-' || type || '/' || name AS n FROM packages "
                        "WHERE is_active = 1 AND (? = '' OR n GLOB ?) "
                        // Never fetched successfully: not published (docs/behaviour.md §14.3).
                        "AND (last_sync_run_id IS NOT NULL OR versions_json <> '{}') "
                        "ORDER BY n");
    q.bind(1, glob);
    q.bind(2, glob);
    while (q.executeStep()) {
      names.push_back(q.getColumn(0).getString());
    }
  }));
  return names;
}

base::Result<std::vector<Change>> CatalogStore::ChangesSince(int64_t since_ms,
                                                             std::optional<int64_t>* checkpoint) {
  std::vector<Change> changes;
  WPP_RETURN_IF_ERROR(db_.Guard("reading metadata changes", [&] {
    SQLite::Statement max(db_.sql(), "SELECT MAX(timestamp) FROM metadata_changes");
    max.executeStep();
    if (max.getColumn(0).isNull()) {
      *checkpoint = std::nullopt;
      return;
    }
    *checkpoint = max.getColumn(0).getInt64();
    // The newest row per package wins; ids break timestamp ties.
    SQLite::Statement q(db_.sql(),
                        "SELECT package_name, action, timestamp FROM metadata_changes m "
                        "WHERE timestamp > ? AND timestamp <= ? AND id = (SELECT id FROM "
                        "metadata_changes x WHERE x.package_name = m.package_name AND "
                        "x.timestamp > ? AND x.timestamp <= ? ORDER BY timestamp DESC, id DESC "
                        "LIMIT 1) ORDER BY package_name");
    for (int i : {1, 3}) {
      q.bind(i, since_ms);
      q.bind(i + 1, **checkpoint);
    }
    while (q.executeStep()) {
      changes.push_back(Change{q.getColumn(0).getString(), q.getColumn(1).getString(),
                               q.getColumn(2).getInt64()});
    }
  }));
  return changes;
}

base::Result<Totals> CatalogStore::CountActive() {
  Totals totals;
  WPP_RETURN_IF_ERROR(db_.Guard("counting packages", [&] {
    SQLite::Statement q(
        db_.sql(),
        "SELECT COALESCE(SUM(type = 'plugin'), 0), COALESCE(SUM(type = 'theme'), 0) "
        "FROM packages WHERE is_active = 1");
    q.executeStep();
    totals.active_plugins = q.getColumn(0).getInt64();
    totals.active_themes = q.getColumn(1).getInt64();
  }));
  return totals;
}

}  // namespace wpp::composerapi
