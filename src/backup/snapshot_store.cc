#include "backup/snapshot_store.h"

namespace wpp::backup {

base::Status SnapshotInto(db::Database& db, const std::string& path) {
  return db.Guard("snapshotting database", [&] {
    SQLite::Statement vacuum(db.sql(), "VACUUM INTO ?");
    vacuum.bind(1, path);
    vacuum.exec();
  });
}

base::Status CheckIntegrity(const std::string& path) {
  auto db = db::Database::Open(path);
  if (!db) {
    return base::Error(base::ErrorCode::kDataLoss,
                       "restored file is not a SQLite database: " + db.error().message());
  }
  std::string problems;
  auto status = (*db)->Guard("integrity check", [&] {
    SQLite::Statement check((*db)->sql(), "PRAGMA integrity_check(20)");
    while (check.executeStep()) {
      const std::string line = check.getColumn(0).getString();
      if (line != "ok") {
        problems += (problems.empty() ? "" : "; ") + line;
      }
    }
  });
  if (!status) {
    return base::Error(base::ErrorCode::kDataLoss, status.error().message());
  }
  if (!problems.empty()) {
    return base::Error(base::ErrorCode::kDataLoss, "integrity check failed: " + problems);
  }
  return base::Status::Ok();
}

}  // namespace wpp::backup
