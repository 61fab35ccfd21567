#include "packages/package_store.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "base/log.h"

namespace wpp::packages {

namespace {

// An existing row is only written when the commit time moves forward. The
// original also bumped updated_at on every row of every listing (70,000
// row rewrites per run, most of a discover's time); here updated_at keeps
// meaning "the row last changed".
constexpr char kUpsertShell[] =
    "INSERT INTO packages (type, name, last_committed, is_active, versions_json, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, 1, '{}', ?4, ?4) "
    "ON CONFLICT (type, name) DO UPDATE SET "
    "last_committed = excluded.last_committed, updated_at = excluded.updated_at "
    "WHERE packages.permanently_closed = 0 AND excluded.last_committed IS NOT NULL AND "
    "excluded.last_committed > COALESCE(packages.last_committed, '')";

constexpr char kMarkChanged[] =
    "UPDATE packages SET last_committed = ?1, updated_at = ?1, trunk_revision = ?2 "
    "WHERE type = ?3 AND name = ?4 AND is_active = 1";

constexpr char kTagTime[] =
    "INSERT OR IGNORE INTO package_versions (package_id, version, published_at, source) "
    "SELECT id, ?1, ?2, 'svn' FROM packages WHERE type = ?3 AND name = ?4";

constexpr char kRefreshStats[] =
    "INSERT OR REPLACE INTO package_stats (id, active_plugins, active_themes, plugin_installs, "
    "theme_installs, installs_30d, updated_at) SELECT 1, "
    "COUNT(CASE WHEN type = 'plugin' THEN 1 END), COUNT(CASE WHEN type = 'theme' THEN 1 END), "
    "COALESCE(SUM(CASE WHEN type = 'plugin' THEN wp_packages_installs_total END), 0), "
    "COALESCE(SUM(CASE WHEN type = 'theme' THEN wp_packages_installs_total END), 0), "
    "COALESCE(SUM(wp_packages_installs_30d), 0), datetime('now') "
    "FROM packages WHERE is_active = 1";

constexpr char kBackfill[] =
    "UPDATE packages SET trunk_revision = ?1 WHERE type = 'plugin' AND name = ?2 "
    "AND is_active = 1 AND trunk_revision IS NULL";

}  // namespace

PackageStore::PackageStore(db::Database& db, base::Clock& clock)
    : db_(db), clock_(clock), statements_(std::make_unique<Statements>()) {
  // Upserts fire the full-text triggers, so every statement gets a
  // statement journal; on disk that meant one temp file and dozens of
  // writes per package. Keeping them in memory is safe (they only undo a
  // failed statement) and best-effort: failure just keeps the default.
  (void)db_.Guard("setting temp_store", [&] { db_.sql().exec("PRAGMA temp_store = MEMORY"); });
}

PackageStore::~PackageStore() = default;

SQLite::Statement& PackageStore::Prepared(std::unique_ptr<SQLite::Statement>& slot,
                                          const char* sql) {
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(db_.sql(), sql);
  } else {
    slot->reset();
    slot->clearBindings();
  }
  return *slot;
}

void PackageStore::UpsertShell(std::string_view type, const ShellEntry& entry,
                               const std::string& now) {
  SQLite::Statement& q = Prepared(statements_->upsert_shell, kUpsertShell);
  q.bind(1, std::string(type));
  q.bindNoCopy(2, entry.name);
  if (entry.last_committed) {
    q.bindNoCopy(3, *entry.last_committed);
  }
  q.bindNoCopy(4, now);
  q.exec();
}

base::Result<int> PackageStore::UpsertShells(std::string_view type,
                                             std::span<const ShellEntry> entries) {
  if (entries.empty()) {
    return 0;
  }
  const std::string now = base::FormatRfc3339(clock_.Now());
  const base::Status batch = db_.InTransaction("upserting shells", [&] {
    for (const ShellEntry& entry : entries) {
      UpsertShell(type, entry, now);
    }
    return base::Status::Ok();
  });
  if (batch.ok()) {
    return 0;
  }
  base::log::Warn("shell batch failed, retrying row by row", {{"error", batch.error().message()}});
  int failed = 0;
  for (const ShellEntry& entry : entries) {
    const base::Status one = db_.InTransaction("upserting shell", [&] {
      UpsertShell(type, entry, now);
      return base::Status::Ok();
    });
    if (!one.ok()) {
      ++failed;
      base::log::Error("shell upsert failed",
                       {{"type", type}, {"name", entry.name}, {"error", one.error().message()}});
    }
  }
  return failed;
}

base::Result<int> PackageStore::MarkPackagesChanged(
    std::string_view type, const std::map<std::string, int64_t>& revisions) {
  int affected = 0;
  const std::string now = base::FormatRfc3339(clock_.Now());
  const std::string type_name(type);
  WPP_RETURN_IF_ERROR(db_.InTransaction("marking packages changed", [&] {
    for (const auto& [slug, revision] : revisions) {
      SQLite::Statement& q = Prepared(statements_->mark_changed, kMarkChanged);
      q.bindNoCopy(1, now);
      q.bind(2, static_cast<int64_t>(revision));
      q.bindNoCopy(3, type_name);
      q.bindNoCopy(4, slug);
      affected += q.exec();
    }
    return base::Status::Ok();
  }));
  return affected;
}

base::Result<int> PackageStore::RecordTagTimes(std::string_view type,
                                               std::span<const TagTime> tags) {
  int inserted = 0;
  const std::string type_name(type);
  WPP_RETURN_IF_ERROR(db_.InTransaction("recording tag times", [&] {
    for (const TagTime& tag : tags) {
      SQLite::Statement& q = Prepared(statements_->tag_time, kTagTime);
      q.bindNoCopy(1, tag.version);
      q.bindNoCopy(2, tag.published_at);
      q.bindNoCopy(3, type_name);
      q.bindNoCopy(4, tag.slug);
      inserted += q.exec();
    }
    return base::Status::Ok();
  }));
  return inserted;
}

base::Result<std::optional<std::string>> PackageStore::GetMeta(std::string_view key) {
  std::optional<std::string> value;
  WPP_RETURN_IF_ERROR(db_.Guard("reading site_meta", [&] {
    SQLite::Statement q(db_.sql(), "SELECT value FROM site_meta WHERE key = ?");
    q.bind(1, std::string(key));
    if (q.executeStep()) {
      value = q.getColumn(0).getString();
    }
  }));
  return value;
}

base::Status PackageStore::SetMeta(std::string_view key, std::string_view value) {
  return db_.Guard("writing site_meta", [&] {
    SQLite::Statement q(db_.sql(),
                        "INSERT INTO site_meta (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    q.bind(1, std::string(key));
    q.bind(2, std::string(value));
    q.exec();
  });
}

base::Result<SyncRun> PackageStore::AllocateSyncRun() {
  SyncRun run;
  const std::string now = base::FormatRfc3339(clock_.Now());
  WPP_RETURN_IF_ERROR(db_.InTransaction("allocating sync run", [&] {
    run.run_id = db_.sql()
                     .execAndGet("SELECT COALESCE(MAX(last_sync_run_id), 0) + 1 FROM packages")
                     .getInt64();
    // A run left `running` by a process that is gone (killed) ends as
    // cancelled (docs/behaviour.md §14.7); a live one is left alone.
    std::vector<int64_t> stale;
    SQLite::Statement running(db_.sql(), "SELECT id, pid FROM sync_runs WHERE status = 'running'");
    while (running.executeStep()) {
      const SQLite::Column pid = running.getColumn(1);
      if (pid.isNull() || (kill(static_cast<pid_t>(pid.getInt64()), 0) != 0 && errno == ESRCH)) {
        stale.push_back(running.getColumn(0).getInt64());
      }
    }
    SQLite::Statement cancel(
        db_.sql(), "UPDATE sync_runs SET status = 'cancelled', finished_at = ? WHERE id = ?");
    for (const int64_t id : stale) {
      cancel.reset();
      cancel.bind(1, now);
      cancel.bind(2, id);
      cancel.exec();
    }
    run.cancelled_stale = static_cast<int>(stale.size());
    SQLite::Statement q(db_.sql(),
                        "INSERT INTO sync_runs (started_at, status, pid) VALUES (?, 'running', ?)");
    q.bind(1, now);
    q.bind(2, static_cast<int64_t>(getpid()));
    q.exec();
    run.row_id = db_.sql().getLastInsertRowid();
    return base::Status::Ok();
  }));
  return run;
}

base::Status PackageStore::FinishSyncRun(int64_t row_id, std::string_view status,
                                         std::string_view meta_json) {
  return db_.Guard("finishing sync run", [&] {
    SQLite::Statement q(db_.sql(),
                        "UPDATE sync_runs SET finished_at = ?, status = ?, meta_json = ? "
                        "WHERE id = ?");
    q.bind(1, base::FormatRfc3339(clock_.Now()));
    q.bind(2, std::string(status));
    q.bind(3, std::string(meta_json));
    q.bind(4, static_cast<int64_t>(row_id));
    q.exec();
  });
}

base::Status PackageStore::RefreshSiteStats() {
  return db_.Guard("refreshing site stats", [&] { db_.sql().exec(kRefreshStats); });
}

base::Result<int64_t> PackageStore::CountPluginsWithoutRevision() {
  int64_t count = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("counting plugins without revision", [&] {
    count = db_.sql()
                .execAndGet(
                    "SELECT COUNT(*) FROM packages WHERE type = 'plugin' AND "
                    "is_active = 1 AND trunk_revision IS NULL")
                .getInt64();
  }));
  return count;
}

base::Result<int> PackageStore::BackfillRevisions(const std::map<std::string, int64_t>& revisions) {
  int updated = 0;
  WPP_RETURN_IF_ERROR(db_.InTransaction("backfilling revisions", [&] {
    for (const auto& [slug, revision] : revisions) {
      SQLite::Statement& q = Prepared(statements_->backfill, kBackfill);
      q.bind(1, static_cast<int64_t>(revision));
      q.bindNoCopy(2, slug);
      updated += q.exec();
    }
    return base::Status::Ok();
  }));
  return updated;
}

}  // namespace wpp::packages
