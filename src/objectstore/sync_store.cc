#include "objectstore/sync_store.h"

#include <cstdio>

namespace wpp::objectstore {
namespace {

// "wp-plugin/akismet" -> {"plugin", "akismet"}; anything else -> empty type.
std::pair<std::string, std::string> SplitName(const std::string& name) {
  for (const char* type : {"plugin", "theme"}) {
    const std::string prefix = std::string("wp-") + type + "/";
    if (name.compare(0, prefix.size(), prefix) == 0) {
      return {type, name.substr(prefix.size())};
    }
  }
  return {};
}

}  // namespace

std::vector<std::string> PackageKeys(const std::string& name) {
  return {"p2/" + name + ".json", "p2/" + name + "~dev.json"};
}

base::Result<std::vector<std::string>> SyncStore::SyncedBuilds() {
  std::vector<std::string> ids;
  WPP_RETURN_IF_ERROR(db_.Guard("reading synced builds", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT id FROM builds WHERE r2_synced_at IS NOT NULL "
                        "ORDER BY r2_synced_at DESC, id DESC LIMIT 50");
    while (q.executeStep()) {
      ids.push_back(q.getColumn(0).getString());
    }
  }));
  return ids;
}

base::Status SyncStore::MarkSynced(const std::string& build_id) {
  // Sub-second precision: two syncs within one second must still order.
  const auto now = clock_.Now();
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03d", static_cast<int>(base::UnixMillis(now) % 1000));
  std::string stamp = base::FormatRfc3339(now);
  stamp.insert(stamp.size() - 1, millis);
  return db_.Guard("recording r2_synced_at", [&] {
    SQLite::Statement update(db_.sql(), "UPDATE builds SET r2_synced_at = ? WHERE id = ?");
    update.bind(1, stamp);
    update.bind(2, build_id);
    if (update.exec() > 0) {
      return;
    }
    SQLite::Statement insert(db_.sql(),
                             "INSERT INTO builds (id, started_at, finished_at, status, "
                             "r2_synced_at) VALUES (?, ?, ?, 'completed', ?)");
    insert.bind(1, build_id);
    insert.bind(2, base::FormatRfc3339(now));
    insert.bind(3, base::FormatRfc3339(now));
    insert.bind(4, stamp);
    insert.exec();
  });
}

base::Result<int> SyncStore::StampDeployed() {
  int changed = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("stamping deployed_hash", [&] {
    changed = db_.sql().exec(
        "UPDATE packages SET deployed_hash = COALESCE(content_hash, '1') WHERE is_active = 1 AND "
        "(deployed_hash IS NULL OR (content_hash IS NOT NULL AND deployed_hash != content_hash))");
  }));
  return changed;
}

base::Result<std::vector<std::string>> SyncStore::Orphans() {
  std::vector<std::string> names;
  WPP_RETURN_IF_ERROR(db_.Guard("listing orphaned packages", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT type, name FROM packages WHERE is_active = 0 AND "
                        "deployed_hash IS NOT NULL ORDER BY type, name");
    while (q.executeStep()) {
      names.push_back("wp-" + q.getColumn(0).getString() + "/" + q.getColumn(1).getString());
    }
  }));
  return names;
}

base::Status SyncStore::ClearDeployed(const std::vector<std::string>& names) {
  if (names.empty()) {
    return base::Status::Ok();
  }
  return db_.InTransaction("clearing deployed_hash", [&]() -> base::Status {
    SQLite::Statement update(
        db_.sql(), "UPDATE packages SET deployed_hash = NULL WHERE type = ? AND name = ?");
    for (const std::string& name : names) {
      const auto [type, slug] = SplitName(name);
      update.bind(1, type);
      update.bind(2, slug);
      update.exec();
      update.reset();
    }
    return base::Status::Ok();
  });
}

}  // namespace wpp::objectstore
