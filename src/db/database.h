// Database: the one SQLite file (WAL mode) that holds all runtime state, and
// the embedded schema migrations.
//
// A Database owns one connection. SQLiteCpp throws; the Guard helper is the
// boundary that turns its exceptions into Errors, and every *Store uses it.
// A Database is not thread-safe: give each thread its own (WAL lets readers
// and one writer proceed together; busy_timeout absorbs short waits).

#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "base/result.h"

namespace wpp::db {

struct Migration {
  int version = 0;
  std::string name{};  // File name, e.g. "001_initial_schema.sql".
  std::string sql{};
};

class Database {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (creating the file and its parent directory when needed) and
  // applies the runtime PRAGMAs: journal_mode=WAL, synchronous=NORMAL,
  // foreign_keys=ON, busy_timeout=5000. ":memory:" gives a private in-memory
  // database. Errors: kUnavailable when the file cannot be opened.
  static base::Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                      Mode mode = Mode::kReadWrite);

  SQLite::Database& sql() { return *db_; }
  const std::string& path() const { return path_; }

  // Runs `fn`, converting SQLite exceptions into kInternal (kUnavailable for
  // SQLITE_BUSY/LOCKED) annotated with `what`.
  base::Status Guard(std::string_view what, const std::function<void()>& fn);

  // Runs `fn` inside BEGIN IMMEDIATE … COMMIT; rolls back if `fn` fails or throws.
  base::Status InTransaction(std::string_view what, const std::function<base::Status()>& fn);

  // Executes one or more statements.
  base::Status Exec(std::string_view sql);

  // Until the returned guard is destroyed, statements on this connection
  // that run past `budget` are interrupted: their Guard reports
  // kUnavailable ("interrupted"). For work done on behalf of one HTTP
  // request.
  class Deadline {
   public:
    Deadline(Database& db, std::chrono::milliseconds budget);
    ~Deadline();
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;

   private:
    Database& db_;
    std::chrono::steady_clock::time_point until_;
  };

  // Current schema version (0 on a fresh database).
  base::Result<int> SchemaVersion();

  // Applies every embedded migration newer than the current version, each in
  // its own transaction together with its bookkeeping row. Idempotent.
  // Returns the number applied. Errors: kFailedPrecondition when the
  // database was migrated by a newer wppackages (unknown versions).
  base::Result<int> Migrate();
  base::Result<int> Migrate(const std::vector<Migration>& migrations);

 private:
  Database(std::string path, std::unique_ptr<SQLite::Database> db);

  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
};

// The migrations compiled into the binary, in version order.
const std::vector<Migration>& EmbeddedMigrations();

}  // namespace wpp::db
