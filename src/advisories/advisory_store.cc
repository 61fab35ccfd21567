#include "advisories/advisory_store.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

#include "base/strings.h"

namespace wpp::advisories {
namespace {

std::string Text(SQLite::Statement& row, int column) {
  const SQLite::Column c = row.getColumn(column);
  return c.isNull() ? std::string() : std::string(c.getText(), static_cast<size_t>(c.getBytes()));
}

void BindOrNull(SQLite::Statement& s, int index, const std::string& value) {
  if (value.empty()) {
    s.bind(index);
  } else {
    s.bind(index, value);
  }
}

// "wp-plugin/<slug>" → ("plugin", slug); nullopt for other names.
std::optional<std::pair<std::string, std::string>> SplitName(std::string_view name) {
  for (const std::string_view type : {"plugin", "theme"}) {
    const std::string prefix = "wp-" + std::string(type) + "/";
    if (base::StartsWith(name, prefix) && name.size() > prefix.size()) {
      return std::make_pair(std::string(type), std::string(name.substr(prefix.size())));
    }
  }
  return std::nullopt;
}

}  // namespace

base::Result<ReplaceCounts> AdvisoryStore::Replace(Source source,
                                                   const std::vector<Advisory>& advisories,
                                                   int64_t now_unix) {
  ReplaceCounts counts;
  std::set<std::string> packages;
  // Each upsert fires a change-log trigger, so SQLite keeps a statement
  // journal per row; on disk (the default) it costs a dozen writes per row
  // once it has spilled (docs/behaviour.md §20.4). Kept in memory for the run.
  WPP_RETURN_IF_ERROR(
      db_.Guard("storing advisories", [&] { db_.sql().exec("PRAGMA temp_store=MEMORY"); }));
  WPP_RETURN_IF_ERROR(db_.InTransaction("storing advisories", [&]() -> base::Status {
    return db_.Guard("storing advisories", [&] {
      // key "<package>\x1f<advisory id>" → stored json
      std::unordered_map<std::string, std::string> stored;
      SQLite::Statement read(db_.sql(),
                             "SELECT package_name, advisory_id, json FROM advisories"
                             " WHERE source = ?");
      read.bind(1, std::string(SourceName(source)));
      while (read.executeStep()) {
        stored.emplace(Text(read, 0) + '\x1f' + Text(read, 1), Text(read, 2));
      }
      SQLite::Statement upsert(
          db_.sql(),
          "INSERT INTO advisories (package_name, advisory_id, source, title, link, cve,"
          " affected_versions, reported_at, severity, json, updated_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          " ON CONFLICT (package_name, advisory_id) DO UPDATE SET source = excluded.source,"
          " title = excluded.title, link = excluded.link, cve = excluded.cve,"
          " affected_versions = excluded.affected_versions, reported_at = excluded.reported_at,"
          " severity = excluded.severity, json = excluded.json, updated_at = excluded.updated_at");
      // In key order: rows then go in at the end of the table's b-tree
      // instead of splitting pages all over it. Stable, so of two equal keys
      // the first is kept.
      std::vector<const Advisory*> order;
      order.reserve(advisories.size());
      for (const Advisory& a : advisories) {
        order.push_back(&a);
      }
      std::stable_sort(order.begin(), order.end(), [](const Advisory* x, const Advisory* y) {
        return std::tie(x->package_name, x->advisory_id) <
               std::tie(y->package_name, y->advisory_id);
      });
      const Advisory* previous = nullptr;
      for (const Advisory* p : order) {
        const Advisory& a = *p;
        if (previous != nullptr && previous->package_name == a.package_name &&
            previous->advisory_id == a.advisory_id) {
          ++counts.duplicates;
          continue;
        }
        previous = p;
        std::string key = a.package_name + '\x1f' + a.advisory_id;
        std::string json = AdvisoryJson(a);
        const auto it = stored.find(key);
        if (it != stored.end()) {
          const bool same = it->second == json;
          stored.erase(it);
          if (same) {
            ++counts.unchanged;
            continue;
          }
          ++counts.changed;
        } else {
          ++counts.added;
        }
        packages.insert(a.package_name);
        upsert.reset();
        upsert.bind(1, a.package_name);
        upsert.bind(2, a.advisory_id);
        upsert.bind(3, std::string(SourceName(source)));
        upsert.bind(4, a.title);
        BindOrNull(upsert, 5, a.link);
        BindOrNull(upsert, 6, a.cve);
        upsert.bind(7, a.affected_versions);
        upsert.bind(8, a.reported_at);
        BindOrNull(upsert, 9, a.severity);
        upsert.bind(10, json);
        upsert.bind(11, static_cast<int64_t>(now_unix));
        upsert.exec();
      }
      SQLite::Statement remove(db_.sql(),
                               "DELETE FROM advisories WHERE package_name = ? AND advisory_id = ?");
      for (const auto& [key, json] : stored) {
        const size_t sep = key.find('\x1f');
        remove.reset();
        remove.bind(1, key.substr(0, sep));
        remove.bind(2, key.substr(sep + 1));
        remove.exec();
        ++counts.removed;
        packages.insert(key.substr(0, sep));
      }
    });
  }));
  counts.packages.assign(packages.begin(), packages.end());
  return counts;
}

base::Result<std::vector<Advisory>> AdvisoryStore::SecurityClosures() {
  std::vector<Advisory> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading security closures", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT type, name, COALESCE(closed_date, substr(closed_seen_at, 1, 10))"
                        " FROM packages WHERE is_active = 0 AND (closed_reason = 'security-issue'"
                        " OR lower(COALESCE(closed_reason_text, '')) LIKE '%security%')"
                        " ORDER BY type, name");
    while (q.executeStep()) {
      const std::string type = Text(q, 0);
      const std::string slug = Text(q, 1);
      std::string day = Text(q, 2);
      if (day.size() != 10) {
        day = "1970-01-01";  // Closed before closure dates were recorded.
      }
      Advisory a;
      a.package_name = "wp-" + type + "/" + slug;
      a.advisory_id = "WPORG-CLOSED-" + type + "-" + slug;
      a.source = Source::kClosure;
      a.title = "Closed by WordPress.org: security issue";
      a.link = "https://wordpress.org/" + type + "s/" + slug + "/";
      a.affected_versions = "*";
      a.reported_at = day + " 00:00:00";
      a.source_name = "WordPress.org";
      a.remote_id = type + "/" + slug;
      out.push_back(std::move(a));
    }
  }));
  return out;
}

base::Result<std::optional<FeedState>> AdvisoryStore::LoadFeedState() {
  std::optional<FeedState> state;
  WPP_RETURN_IF_ERROR(db_.Guard("reading the advisory feed state", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT url, etag, last_modified, fetched_at, checked_at, records,"
                        " bad_records FROM advisory_feed WHERE id = 1");
    if (q.executeStep()) {
      state = FeedState{.url = Text(q, 0),
                        .etag = Text(q, 1),
                        .last_modified = Text(q, 2),
                        .fetched_at = Text(q, 3),
                        .checked_at = Text(q, 4),
                        .records = q.getColumn(5).getInt64(),
                        .bad_records = q.getColumn(6).getInt64()};
    }
  }));
  return state;
}

base::Status AdvisoryStore::SaveFeedState(const FeedState& s) {
  return db_.Guard("saving the advisory feed state", [&] {
    SQLite::Statement q(db_.sql(),
                        "INSERT OR REPLACE INTO advisory_feed (id, url, etag, last_modified,"
                        " fetched_at, checked_at, records, bad_records)"
                        " VALUES (1, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, s.url);
    BindOrNull(q, 2, s.etag);
    BindOrNull(q, 3, s.last_modified);
    BindOrNull(q, 4, s.fetched_at);
    BindOrNull(q, 5, s.checked_at);
    q.bind(6, static_cast<int64_t>(s.records));
    q.bind(7, static_cast<int64_t>(s.bad_records));
    q.exec();
  });
}

base::Result<std::map<std::string, std::vector<std::string>>> AdvisoryStore::ForPackages(
    const std::vector<std::string>& names, int64_t updated_since) {
  std::map<std::string, std::vector<std::string>> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading advisories", [&] {
    if (names.empty()) {
      SQLite::Statement all(db_.sql(),
                            "SELECT package_name, json FROM advisories WHERE updated_at >= ?"
                            " ORDER BY package_name, advisory_id");
      all.bind(1, static_cast<int64_t>(updated_since));
      while (all.executeStep()) {
        out[Text(all, 0)].push_back(Text(all, 1));
      }
      return;
    }
    SQLite::Statement known(db_.sql(), "SELECT 1 FROM packages WHERE type = ? AND name = ?");
    SQLite::Statement of(db_.sql(),
                         "SELECT json FROM advisories WHERE package_name = ? AND updated_at >= ?"
                         " ORDER BY advisory_id");
    for (const std::string& name : names) {
      const auto split = SplitName(name);
      if (!split || out.count(name) != 0) {
        continue;
      }
      of.reset();
      of.bind(1, name);
      of.bind(2, static_cast<int64_t>(updated_since));
      std::vector<std::string> list;
      while (of.executeStep()) {
        list.push_back(Text(of, 0));
      }
      if (list.empty()) {
        known.reset();
        known.bind(1, split->first);
        known.bind(2, split->second);
        if (!known.executeStep()) {
          continue;  // Not a package of this repository.
        }
      }
      out.emplace(name, std::move(list));
    }
  }));
  return out;
}

base::Result<std::vector<AdvisoryView>> AdvisoryStore::ForPackage(const std::string& name) {
  std::vector<AdvisoryView> out;
  WPP_RETURN_IF_ERROR(db_.Guard("reading a package's advisories", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT advisory_id, title, link, cve, affected_versions, reported_at,"
                        " severity, source FROM advisories WHERE package_name = ?"
                        " ORDER BY reported_at DESC, advisory_id");
    q.bind(1, name);
    while (q.executeStep()) {
      out.push_back(AdvisoryView{.advisory_id = Text(q, 0),
                                 .title = Text(q, 1),
                                 .link = Text(q, 2),
                                 .cve = Text(q, 3),
                                 .affected_versions = Text(q, 4),
                                 .reported_at = Text(q, 5),
                                 .severity = Text(q, 6),
                                 .source = Text(q, 7)});
    }
  }));
  return out;
}

base::Result<int64_t> AdvisoryStore::Count() {
  int64_t n = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("counting advisories", [&] {
    SQLite::Statement q(db_.sql(), "SELECT COUNT(*) FROM advisories");
    q.executeStep();
    n = q.getColumn(0).getInt64();
  }));
  return n;
}

}  // namespace wpp::advisories
