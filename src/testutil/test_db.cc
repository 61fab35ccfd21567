#include "testutil/test_db.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>

namespace wpp::testutil {

std::unique_ptr<db::Database> OpenTestDatabase() {
  auto db = db::Database::Open(":memory:");
  if (!db) {
    std::fprintf(stderr, "OpenTestDatabase: %s\n", db.error().message().c_str());
    std::abort();
  }
  auto migrated = (*db)->Migrate();
  if (!migrated) {
    std::fprintf(stderr, "OpenTestDatabase: %s\n", migrated.error().message().c_str());
    std::abort();
  }
  return std::move(db).value();
}

std::string QueryPlan(db::Database& db, const std::string& sql) {
  SQLite::Statement q(db.sql(), "EXPLAIN QUERY PLAN " + sql);
  std::string plan;
  while (q.executeStep()) {
    plan += q.getColumn(3).getString() + "\n";
  }
  return plan;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "wpp_test_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace wpp::testutil
