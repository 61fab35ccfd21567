#include "status/status_store.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "status/mass_closures.h"

namespace wpp::status {
namespace {

// Slugs of a plugin_slugs value; anything unreadable counts as none.
std::vector<std::string> ParseSlugs(const std::string& json) {
  std::vector<std::string> out;
  const auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_array()) {
    return out;
  }
  for (const auto& item : parsed) {
    if (item.is_string()) {
      out.push_back(item.get<std::string>());
    }
  }
  return out;
}

std::string SlugsJson(const std::set<std::string>& slugs) {
  std::string out = "[";
  for (const std::string& slug : slugs) {
    if (out.size() > 1) {
      out += ',';
    }
    base::AppendJsonString(slug, &out);
  }
  return out + "]";
}

// One author's closures in the window, in first-seen order.
struct VendorGroup {
  std::string display_name{};
  std::vector<std::string> slugs{};  // Distinct.
};

std::vector<VendorGroup> LoadGroups(SQLite::Database& sql, const std::string& window_start) {
  SQLite::Statement q(sql,
                      "SELECT c.package_name, COALESCE(p.author, '') FROM status_check_changes c "
                      "LEFT JOIN packages p ON p.type = c.package_type AND p.name = c.package_name "
                      "WHERE c.created_at >= ?1 AND c.package_type = 'plugin' "
                      "AND c.action IN ('deactivated', 'tombstoned') ORDER BY c.id");
  q.bind(1, window_start);
  std::vector<VendorGroup> groups;
  std::map<std::string, size_t> index;  // Lower-cased author → groups[i].
  while (q.executeStep()) {
    const std::string slug = q.getColumn(0).getString();
    const std::string author = CleanAuthor(q.getColumn(1).getString());
    if (author.empty()) {
      continue;
    }
    auto [it, inserted] = index.emplace(base::ToLower(author), groups.size());
    if (inserted) {
      groups.push_back({.display_name = author, .slugs = {}});
    }
    std::vector<std::string>& slugs = groups[it->second].slugs;
    if (std::find(slugs.begin(), slugs.end(), slug) == slugs.end()) {
      slugs.push_back(slug);
    }
  }
  return groups;
}

}  // namespace

StatusStore::StatusStore(db::Database& db, base::Clock& clock) : db_(db), clock_(clock) {}

base::Result<int64_t> StatusStore::StartRun() {
  int64_t id = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("starting a status check", [&] {
    SQLite::Statement q(db_.sql(),
                        "INSERT INTO status_checks (started_at, status) VALUES (?1, 'running')");
    q.bind(1, base::FormatRfc3339(clock_.Now()));
    q.exec();
    id = db_.sql().getLastInsertRowid();
  }));
  return id;
}

base::Status StatusStore::FinishRun(int64_t id, std::string_view status,
                                    const RunCounters& counters, std::string_view error_message) {
  return db_.Guard("finishing a status check", [&] {
    SQLite::Statement q(
        db_.sql(),
        "UPDATE status_checks SET finished_at = ?2, status = ?3, checked = ?4, deactivated = ?5, "
        "reactivated = ?6, failed = ?7, error_message = ?8, duration_seconds = "
        "MAX(0, CAST(strftime('%s', ?2) AS INTEGER) - CAST(strftime('%s', started_at) AS "
        "INTEGER)) WHERE id = ?1");
    q.bind(1, id);
    q.bind(2, base::FormatRfc3339(clock_.Now()));
    q.bind(3, std::string(status));
    q.bind(4, counters.checked);
    q.bind(5, counters.deactivated);
    q.bind(6, counters.reactivated);
    q.bind(7, counters.failed);
    if (error_message.empty()) {
      q.bind(8);
    } else {
      q.bind(8, std::string(error_message));
    }
    q.exec();
  });
}

base::Result<MassClosureReport> StatusStore::TrackMassClosures() {
  const auto now = clock_.Now();
  const std::string now_text = base::FormatRfc3339(now);
  const std::string window_start = base::FormatRfc3339(now - std::chrono::hours(24));
  MassClosureReport report;
  WPP_RETURN_IF_ERROR(db_.InTransaction("tracking mass closures", [&]() -> base::Status {
    SQLite::Database& sql = db_.sql();
    for (const VendorGroup& group : LoadGroups(sql, window_start)) {
      if (group.slugs.size() < kMassClosureThreshold) {
        continue;
      }
      const std::string vendor_slug = VendorSlug(group.display_name);
      if (vendor_slug.empty()) {
        continue;
      }
      SQLite::Statement recent(sql,
                               "SELECT id, plugin_slugs FROM closure_events WHERE vendor_slug = ?1 "
                               "AND detected_at >= ?2 ORDER BY detected_at DESC, id DESC LIMIT 1");
      recent.bind(1, vendor_slug);
      recent.bind(2, window_start);
      if (recent.executeStep()) {  // The outbreak goes on: extend its event.
        const int64_t id = recent.getColumn(0).getInt64();
        std::set<std::string> merged(group.slugs.begin(), group.slugs.end());
        for (std::string& slug : ParseSlugs(recent.getColumn(1).getString())) {
          merged.insert(std::move(slug));
        }
        SQLite::Statement update(sql,
                                 "UPDATE closure_events SET plugin_slugs = ?2, plugin_count = ?3 "
                                 "WHERE id = ?1 AND plugin_slugs != ?2");
        update.bind(1, id);
        update.bind(2, SlugsJson(merged));
        update.bind(3, static_cast<int64_t>(merged.size()));
        report.extended += update.exec();
        continue;
      }
      // A new outbreak: without the slugs the previous event already listed.
      std::set<std::string> fresh(group.slugs.begin(), group.slugs.end());
      SQLite::Statement last(sql,
                             "SELECT plugin_slugs FROM closure_events WHERE vendor_slug = ?1 "
                             "ORDER BY detected_at DESC, id DESC LIMIT 1");
      last.bind(1, vendor_slug);
      if (last.executeStep()) {
        for (const std::string& slug : ParseSlugs(last.getColumn(0).getString())) {
          fresh.erase(slug);
        }
      }
      if (fresh.size() < kMassClosureThreshold) {
        continue;
      }
      SQLite::Statement insert(sql,
                               "INSERT INTO closure_events (vendor_name, vendor_slug, detected_at, "
                               "plugin_slugs, plugin_count) VALUES (?1, ?2, ?3, ?4, ?5)");
      insert.bind(1, group.display_name);
      insert.bind(2, vendor_slug);
      insert.bind(3, now_text);
      insert.bind(4, SlugsJson(fresh));
      insert.bind(5, static_cast<int64_t>(fresh.size()));
      insert.exec();
      ++report.created;
    }
    return base::Status::Ok();
  }));
  return report;
}

base::Result<std::vector<ClosureEvent>> StatusStore::ListEvents() {
  std::vector<ClosureEvent> events;
  WPP_RETURN_IF_ERROR(db_.Guard("listing closure events", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT id, vendor_name, vendor_slug, detected_at, plugin_slugs FROM "
                        "closure_events ORDER BY detected_at DESC, id DESC");
    while (q.executeStep()) {
      events.push_back({.id = q.getColumn(0).getInt64(),
                        .vendor_name = q.getColumn(1).getString(),
                        .vendor_slug = q.getColumn(2).getString(),
                        .detected_at = q.getColumn(3).getString(),
                        .plugin_slugs = ParseSlugs(q.getColumn(4).getString())});
    }
  }));
  return events;
}

}  // namespace wpp::status
