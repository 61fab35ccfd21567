#include "db/database.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/log.h"
#include "base/strings.h"

namespace wpp::db {

extern const std::vector<std::pair<std::string_view, std::string_view>> kMigrationFiles;

namespace {

using base::Error;
using base::ErrorCode;

constexpr char kPragmas[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA busy_timeout=5000;"
    "PRAGMA cache_size=-65536;"
    "PRAGMA mmap_size=268435456;";

constexpr char kBookkeeping[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "  version INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))";

}  // namespace

Database::Database(std::string path, std::unique_ptr<SQLite::Database> db)
    : path_(std::move(path)), db_(std::move(db)) {}

namespace {

// Why SQLite could not open `path` ("unable to open database file" says
// nothing): the file's or its folder's permissions, or a read-only file
// system. Empty when no cause is found.
std::string OpenFailureCause(const std::string& path, bool write) {
  namespace stdfs = std::filesystem;
  const stdfs::path file(path);
  const stdfs::path parent = file.has_parent_path() ? file.parent_path() : stdfs::path(".");
  std::error_code ec;
  const bool exists = stdfs::exists(file, ec);
  const std::string target = exists ? path : parent.string();
  if (!exists && !stdfs::is_directory(parent, ec)) {
    return parent.string() + " is not a folder";
  }
  if (exists && stdfs::is_directory(file, ec)) {
    return path + " is a folder";
  }
  const int mode = exists ? (write ? R_OK | W_OK : R_OK) : W_OK | X_OK;
  if (access(target.c_str(), mode) != 0) {
    return target + ": " + std::strerror(errno);
  }
  return "";
}

}  // namespace

base::Result<std::unique_ptr<Database>> Database::Open(const std::string& path, Mode mode) {
  if (path != ":memory:" && mode == Mode::kReadWrite) {
    const auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) {
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return Error(ErrorCode::kUnavailable,
                     "opening database: creating " + parent.string() + ": " + ec.message());
      }
    }
  }
  try {
    const int flags = mode == Mode::kReadOnly ? SQLite::OPEN_READONLY
                                              : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
    auto sqlite = std::make_unique<SQLite::Database>(path, flags | SQLITE_OPEN_NOMUTEX);
    sqlite->exec(mode == Mode::kReadOnly ? "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
                                         : kPragmas);
    return std::unique_ptr<Database>(new Database(path, std::move(sqlite)));
  } catch (const SQLite::Exception& e) {
    std::string cause = path == ":memory:" ? "" : OpenFailureCause(path, mode == Mode::kReadWrite);
    return Error(ErrorCode::kUnavailable, "opening database " + path + ": " + e.what() +
                                              (cause.empty() ? "" : " (" + cause + ")"));
  }
}

Database::Deadline::Deadline(Database& db, std::chrono::milliseconds budget)
    : db_(db), until_(std::chrono::steady_clock::now() + budget) {
  // Checked every 1,000 virtual-machine instructions (a few microseconds).
  sqlite3_progress_handler(
      db_.sql().getHandle(), 1000,
      [](void* until) -> int {
        return std::chrono::steady_clock::now() >
                       *static_cast<std::chrono::steady_clock::time_point*>(until)
                   ? 1
                   : 0;
      },
      &until_);
}

Database::Deadline::~Deadline() {
  sqlite3_progress_handler(db_.sql().getHandle(), 0, nullptr, nullptr);
}

base::Status Database::Guard(std::string_view what, const std::function<void()>& fn) {
  try {
    fn();
    return base::Status::Ok();
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode();
    // Busy, locked and over its time budget (interrupted) are transient.
    const ErrorCode kind =
        (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_INTERRUPT)
            ? ErrorCode::kUnavailable
            : ErrorCode::kInternal;
    return Error(kind, std::string(what) + ": " + e.what());
  }
}

base::Status Database::InTransaction(std::string_view what,
                                     const std::function<base::Status()>& fn) {
  base::Status inner;
  base::Status outer = Guard(what, [&] {
    db_->exec("BEGIN IMMEDIATE");
    try {
      inner = fn();
    } catch (...) {
      db_->exec("ROLLBACK");
      throw;
    }
    db_->exec(inner.ok() ? "COMMIT" : "ROLLBACK");
  });
  if (!outer.ok()) {
    // A failed COMMIT leaves the transaction open; make sure it is closed.
    sqlite3* handle = db_->getHandle();
    if (sqlite3_get_autocommit(handle) == 0) {
      sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    return outer;
  }
  if (!inner.ok()) {
    return std::move(inner).error().Annotate(what);
  }
  return inner;
}

base::Status Database::Exec(std::string_view sql) {
  return Guard("exec", [&] { db_->exec(std::string(sql)); });
}

base::Result<int> Database::SchemaVersion() {
  int version = 0;
  WPP_RETURN_IF_ERROR(Guard("reading schema version", [&] {
    db_->exec(kBookkeeping);
    version = db_->execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
  }));
  return version;
}

base::Result<int> Database::Migrate() {
  return Migrate(EmbeddedMigrations());
}

base::Result<int> Database::Migrate(const std::vector<Migration>& migrations) {
  WPP_ASSIGN_OR_RETURN(const int current, SchemaVersion());
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  if (current > newest) {
    return Error(ErrorCode::kFailedPrecondition,
                 "database " + path_ + " is at schema version " + std::to_string(current) +
                     ", newer than this wppackages knows (" + std::to_string(newest) +
                     "); upgrade wppackages");
  }
  int applied = 0;
  for (const Migration& m : migrations) {
    if (m.version <= current) {
      continue;
    }
    WPP_RETURN_IF_ERROR(InTransaction("migration " + m.name, [&]() -> base::Status {
      db_->exec(m.sql);
      SQLite::Statement insert(*db_, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
      insert.bind(1, m.version);
      insert.bind(2, m.name);
      insert.exec();
      return base::Status::Ok();
    }));
    base::log::Debug("applied migration", {{"version", m.version}, {"name", m.name}});
    ++applied;
  }
  return applied;
}

const std::vector<Migration>& EmbeddedMigrations() {
  static const auto* migrations = [] {
    auto* list = new std::vector<Migration>();
    for (const auto& [name, sql] : kMigrationFiles) {
      auto version = base::ParseInt(name.substr(0, name.find('_')));
      list->push_back(
          Migration{static_cast<int>(version.value_or(0)), std::string(name), std::string(sql)});
    }
    std::sort(list->begin(), list->end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return list;
  }();
  return *migrations;
}

}  // namespace wpp::db
