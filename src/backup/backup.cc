#include "backup/backup.h"

#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>

#include "backup/db_files.h"
#include "backup/keys.h"
#include "backup/snapshot_store.h"
#include "backup/zstd_file.h"
#include "base/hash.h"
#include "base/log.h"
#include "base/strings.h"

namespace wpp::backup {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

base::Status Upload(objectstore::ObjectStore& store, const std::string& key, std::string_view bytes,
                    const char* content_type) {
  if (auto status = store.Put(key, bytes, {.content_type = content_type}); !status) {
    return std::move(status).error().Annotate("uploading " + key);
  }
  return base::Status::Ok();
}

}  // namespace

base::Result<BackupReport> BackupDatabase(db::Database& db, objectstore::ObjectStore& store,
                                          base::Clock& clock, const BackupOptions& options,
                                          const fs::path& scratch_dir) {
  const auto now = clock.Now();
  const std::string stamp = keys::Stamp(now);
  const std::string scratch = (scratch_dir / ("wppackages-backup-" + stamp + ".db")).string();
  RemoveDatabaseFiles(scratch);
  WPP_RETURN_IF_ERROR(SnapshotInto(db, scratch));
  std::error_code ec;
  const auto db_bytes = static_cast<int64_t>(fs::file_size(scratch, ec));
  auto compressed = CompressFile(scratch);
  RemoveDatabaseFiles(scratch);
  if (!compressed) {
    return std::move(compressed).error();
  }

  BackupReport report;
  report.key = keys::ForStamp(options.prefix, stamp);
  report.db_bytes = db_bytes;
  report.compressed_bytes = static_cast<int64_t>(compressed->size());
  report.sha256 = base::Sha256Hex(*compressed);
  const std::string name = fs::path(report.key).filename().string();
  WPP_RETURN_IF_ERROR(Upload(store, report.key, *compressed, "application/zstd"));
  WPP_RETURN_IF_ERROR(
      Upload(store, keys::Checksum(report.key), report.sha256 + "  " + name + "\n", "text/plain"));
  const nlohmann::json latest = {{"key", report.key},
                                 {"sha256", report.sha256},
                                 {"created_at", base::FormatRfc3339(now)},
                                 {"db_bytes", report.db_bytes},
                                 {"compressed_bytes", report.compressed_bytes}};
  WPP_RETURN_IF_ERROR(
      Upload(store, keys::Latest(options.prefix), latest.dump(), "application/json"));

  auto pruned = PruneSnapshots(store, clock, options);
  if (pruned) {
    report.pruned = *pruned;
  } else {
    base::log::Warn("pruning old backups failed", {{"error", pruned.error().message()}});
  }
  return report;
}

base::Result<std::vector<SnapshotInfo>> ListSnapshots(objectstore::ObjectStore& store,
                                                      const std::string& prefix) {
  const std::string key_prefix = keys::Prefix(prefix);
  WPP_ASSIGN_OR_RETURN(auto objects, store.List(key_prefix));
  const std::regex pattern(R"((\d{4})/(\d{2})/(\d{2})/(\d{8}T\d{6}Z)\.db\.zst)");
  std::vector<SnapshotInfo> snapshots;
  for (const auto& object : objects) {
    const std::string rest = object.key.substr(key_prefix.size());
    std::smatch m;
    if (std::regex_match(rest, m, pattern) &&
        m[4].str().substr(0, 8) == m[1].str() + m[2].str() + m[3].str()) {
      snapshots.push_back({object.key, keys::ParseStamp(m[4].str())});
    }
  }
  std::sort(snapshots.begin(), snapshots.end(),
            [](const SnapshotInfo& a, const SnapshotInfo& b) { return a.key < b.key; });
  return snapshots;
}

base::Result<int> PruneSnapshots(objectstore::ObjectStore& store, base::Clock& clock,
                                 const BackupOptions& options) {
  if (options.retention_days <= 0) {
    return 0;
  }
  WPP_ASSIGN_OR_RETURN(auto snapshots, ListSnapshots(store, options.prefix));
  const auto cutoff = clock.Now() - std::chrono::hours(24) * options.retention_days;
  std::vector<std::string> doomed;
  int count = 0;
  for (size_t i = 0; i + 1 < snapshots.size(); ++i) {  // The newest always stays.
    if (snapshots[i].taken < cutoff) {
      doomed.push_back(snapshots[i].key);
      doomed.push_back(keys::Checksum(snapshots[i].key));
      ++count;
    }
  }
  if (doomed.empty()) {
    return 0;
  }
  WPP_ASSIGN_OR_RETURN(auto failed, store.DeleteMany(doomed));
  if (!failed.empty()) {
    return Error(ErrorCode::kUnavailable,
                 std::to_string(failed.size()) + " old backup objects could not be deleted");
  }
  base::log::Info("pruned old backups", {{"snapshots", count}});
  return count;
}

}  // namespace wpp::backup
