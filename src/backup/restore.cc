// RestoreDatabase (declared in backup.h): fetch, verify, install, migrate.

#include <filesystem>

#include <nlohmann/json.hpp>

#include "backup/backup.h"
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

// The newest snapshot: the one latest.json names, else the last listed.
base::Result<std::string> NewestSnapshot(objectstore::ObjectStore& store,
                                         const std::string& prefix) {
  auto latest = store.Get(keys::Latest(prefix));
  if (latest) {
    const auto doc = nlohmann::json::parse(*latest, nullptr, false);
    if (doc.is_object() && doc.contains("key") && doc["key"].is_string()) {
      return doc["key"].get<std::string>();
    }
    base::log::Warn("latest.json is unreadable; using the newest listed snapshot");
  } else if (latest.error().code() != ErrorCode::kNotFound) {
    return std::move(latest).error();
  }
  WPP_ASSIGN_OR_RETURN(auto snapshots, ListSnapshots(store, prefix));
  if (snapshots.empty()) {
    return Error(ErrorCode::kNotFound,
                 "no database snapshots under '" + keys::Prefix(prefix) + "' in the backup bucket");
  }
  return snapshots.back().key;
}

base::Result<std::string> ResolveSnapshot(objectstore::ObjectStore& store,
                                          const RestoreOptions& options) {
  const std::string& name = options.snapshot;
  if (name.empty()) {
    return NewestSnapshot(store, options.prefix);
  }
  if (keys::IsStamp(name)) {
    return keys::ForStamp(options.prefix, name);
  }
  if (base::EndsWith(name, ".db.zst")) {
    const std::string prefix = keys::Prefix(options.prefix);
    return base::StartsWith(name, prefix) ? name : prefix + name;
  }
  return Error(
      ErrorCode::kInvalidArgument,
      "snapshot must be a key ending in .db.zst or a stamp like 20260313T140000Z: " + name);
}

// Downloads `key` and checks it against its .sha256 sidecar.
base::Result<std::string> FetchVerified(objectstore::ObjectStore& store, const std::string& key) {
  auto bytes = store.Get(key);
  if (!bytes) {
    return std::move(bytes).error().Annotate("fetching snapshot " + key);
  }
  auto sidecar = store.Get(keys::Checksum(key));
  if (!sidecar) {
    return Error(ErrorCode::kDataLoss, "no checksum for " + key + ": " + sidecar.error().message());
  }
  const std::string expected = base::Split(std::string(base::Trim(*sidecar)), ' ').front();
  const std::string actual = base::Sha256Hex(*bytes);
  if (expected != actual) {
    return Error(ErrorCode::kDataLoss, "checksum mismatch for " + key + ": expected " + expected +
                                           ", downloaded " + actual);
  }
  return std::move(bytes).value();
}

}  // namespace

base::Result<RestoreReport> RestoreDatabase(objectstore::ObjectStore& store,
                                            const RestoreOptions& options) {
  std::error_code ec;
  if (fs::exists(options.output, ec) && !options.force) {
    return Error(ErrorCode::kAlreadyExists,
                 "database file " + options.output + " already exists (use --force to overwrite)");
  }
  WPP_ASSIGN_OR_RETURN(const std::string key, ResolveSnapshot(store, options));
  WPP_ASSIGN_OR_RETURN(const std::string compressed, FetchVerified(store, key));

  const fs::path output(options.output);
  if (!output.parent_path().empty()) {
    fs::create_directories(output.parent_path(), ec);
  }
  const std::string staging = options.output + ".restore-tmp";
  RemoveDatabaseFiles(staging);
  base::Status status = DecompressToFile(compressed, staging);
  if (status) {
    status = CheckIntegrity(staging);
  }
  if (!status) {
    RemoveDatabaseFiles(staging);
    return std::move(status).error().Annotate("restoring " + key);
  }
  // A -wal beside the new file would be replayed into it: drop the old ones.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    fs::remove(options.output + suffix, ec);
  }
  fs::rename(staging, output, ec);
  if (ec) {
    return Error(ErrorCode::kInternal, "moving restored database into place: " + ec.message());
  }
  RestoreReport report;
  report.key = key;
  if (options.progress) {
    options.progress("Running migrations...");
  }
  auto db = db::Database::Open(options.output);
  if (!db) {
    return std::move(db).error();
  }
  WPP_ASSIGN_OR_RETURN(report.migrations_applied, (*db)->Migrate());
  if (options.after_migrate) {
    WPP_RETURN_IF_ERROR(options.after_migrate(**db));
  }
  return report;
}

}  // namespace wpp::backup
