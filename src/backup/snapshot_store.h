// The SQL of database backups: a consistent snapshot of a live database and
// the integrity check of a restored one.

#pragma once

#include <string>

#include "base/result.h"
#include "db/database.h"

namespace wpp::backup {

// Writes a consistent, compacted copy of `db` to `path` (VACUUM INTO: one
// read transaction, so under WAL writers are not blocked). `path` must not
// exist. Errors: kInternal (disk full, unwritable directory).
base::Status SnapshotInto(db::Database& db, const std::string& path);

// Opens `path` and runs PRAGMA integrity_check. kDataLoss with the
// first problems reported when the file is not a sound SQLite database.
base::Status CheckIntegrity(const std::string& path);

}  // namespace wpp::backup
