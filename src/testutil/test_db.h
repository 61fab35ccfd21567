// Test helpers: a migrated database and per-test temporary directories.

#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "db/database.h"

namespace wpp::testutil {

// A fresh in-memory database with every embedded migration applied. Aborts
// the test binary if migration fails (a broken schema breaks every test).
std::unique_ptr<db::Database> OpenTestDatabase();

// The EXPLAIN QUERY PLAN of `sql`, one detail line per step, each ending
// in "\n" (for tests that a query reads an index, not a table).
std::string QueryPlan(db::Database& db, const std::string& sql);

// Creates an empty directory unique to this process and test; removed by
// the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace wpp::testutil
