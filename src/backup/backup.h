// Database backups without Litestream (docs/decisions.md §21): `db backup` takes a
// consistent snapshot, compresses it with zstd and uploads it to the backup
// bucket; `db restore` fetches the newest (or a named) snapshot, verifies it
// and installs it.
//
// Bucket layout under `prefix` (LITESTREAM_PATH, default "db"):
//   <prefix>/<yyyy>/<mm>/<dd>/<yyyymmdd>T<hhmmss>Z.db.zst   the snapshot
//   <prefix>/<yyyy>/<mm>/<dd>/<yyyymmdd>T<hhmmss>Z.db.zst.sha256
//                                   its SHA-256, in sha256sum's format
//   <prefix>/latest.json            {"key", "sha256", "created_at", sizes}
// The sidecar and latest.json are written after the snapshot, so neither
// ever names an object that is not there yet.

#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "objectstore/object_store.h"

namespace wpp::backup {

struct BackupOptions {
  std::string prefix = "db";
  int retention_days = 7;  // Older snapshots are pruned; <= 0 keeps all.
};

struct BackupReport {
  std::string key{};
  int64_t db_bytes = 0;
  int64_t compressed_bytes = 0;
  std::string sha256{};  // Of the compressed object.
  int pruned = 0;        // Snapshots deleted by the retention window.
};

// Snapshots `db` into a temporary file in `scratch_dir` (removed afterwards),
// compresses, uploads, then prunes snapshots older than the retention window
// (never the newest). A pruning failure is only logged. Errors: the
// snapshot's or the store's.
base::Result<BackupReport> BackupDatabase(db::Database& db, objectstore::ObjectStore& store,
                                          base::Clock& clock, const BackupOptions& options,
                                          const std::filesystem::path& scratch_dir);

struct SnapshotInfo {
  std::string key{};
  base::Clock::TimePoint taken{};
};

// Snapshots under `prefix`, oldest first.
base::Result<std::vector<SnapshotInfo>> ListSnapshots(objectstore::ObjectStore& store,
                                                      const std::string& prefix);

// Deletes snapshots (and sidecars) taken before now - retention_days, keeping
// the newest in any case. Returns how many were deleted.
base::Result<int> PruneSnapshots(objectstore::ObjectStore& store, base::Clock& clock,
                                 const BackupOptions& options);

struct RestoreOptions {
  std::string prefix = "db";
  std::string snapshot{};  // Key, key relative to prefix, or "<yyyymmdd>T<hhmmss>Z"; empty: newest.
  std::string output{};    // Database file to create.
  bool force = false;      // Replace an existing file (and drop its -wal/-shm).
  // Receives progress lines ("Running migrations..."); may be empty.
  std::function<void(std::string_view)> progress{};
  // Runs on the restored database once migrated (the caller's bookkeeping:
  // `db restore` starts a new change-log epoch, docs/behaviour.md §8.6);
  // may be empty.
  std::function<base::Status(db::Database&)> after_migrate{};
};

struct RestoreReport {
  std::string key{};
  int migrations_applied = 0;
};

// Downloads the snapshot, checks its SHA-256 against the sidecar,
// decompresses it next to `output`, runs PRAGMA integrity_check, moves it
// into place, applies pending migrations and runs `after_migrate`. Errors: kAlreadyExists when
// `output` exists without `force` (checked before any download), kNotFound
// when there is no such snapshot, kDataLoss when a check fails (the existing
// file is then left untouched), the store's errors otherwise.
base::Result<RestoreReport> RestoreDatabase(objectstore::ObjectStore& store,
                                            const RestoreOptions& options);

}  // namespace wpp::backup
