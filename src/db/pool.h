// ConnectionPool: a fixed set of connections to one database file for
// multi-threaded servers. Each thread leases a connection for one unit of
// work; WAL lets the leased connections read concurrently.

#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "db/database.h"

namespace wpp::db {

class ConnectionPool {
 public:
  // Returns the connection to the pool when destroyed.
  class Lease {
   public:
    Lease(ConnectionPool* pool, Database* db) : pool_(pool), db_(db) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), db_(other.db_) { other.db_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_ != nullptr) {
        pool_->Release(db_);
      }
    }
    Database* operator->() const { return db_; }
    Database& operator*() const { return *db_; }

   private:
    ConnectionPool* pool_;
    Database* db_;
  };

  // Opens `size` connections. Errors as Database::Open.
  static base::Result<std::unique_ptr<ConnectionPool>> Open(const std::string& path, int size);

  // Blocks until a connection is free. Thread-safe.
  Lease Acquire();

 private:
  ConnectionPool() = default;
  void Release(Database* db);

  std::vector<std::unique_ptr<Database>> all_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<Database*> free_;  // Guarded by mu_.
};

}  // namespace wpp::db
