#include "db/pool.h"

#include <algorithm>

namespace wpp::db {

base::Result<std::unique_ptr<ConnectionPool>> ConnectionPool::Open(const std::string& path,
                                                                   int size) {
  std::unique_ptr<ConnectionPool> pool(new ConnectionPool());
  for (int i = 0; i < std::max(size, 1); ++i) {
    WPP_ASSIGN_OR_RETURN(auto db, Database::Open(path));
    pool->free_.push_back(db.get());
    pool->all_.push_back(std::move(db));
  }
  return pool;
}

ConnectionPool::Lease ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  available_.wait(lock, [this] { return !free_.empty(); });
  Database* db = free_.back();
  free_.pop_back();
  return Lease(this, db);
}

void ConnectionPool::Release(Database* db) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(db);
  }
  available_.notify_one();
}

}  // namespace wpp::db
