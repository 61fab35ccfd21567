// AuditStore: the one writer of `admin_audit` (migration 010): every action
// taken in the admin area or by an admin command (docs/behaviour.md §19.6).
// Also the read-only queries of the operator pages (builds, runs).

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"

namespace wpp::admin {

struct AuditEntry {
  int64_t id = 0;
  int64_t user_id = 0;  // 0: the command line.
  std::string actor{};  // Email, or "cli".
  std::string action{};
  std::string target{};
  std::string outcome{};  // "ok" or the error.
  std::string client_ip{};
  std::string created_at{};
};

// A row of `builds` as the builds page shows it.
struct BuildRow {
  std::string id{};
  std::string status{};
  std::string started_at{};
  std::string finished_at{};
  int64_t duration_seconds = 0;
  int64_t packages_total = 0;
  int64_t packages_changed = 0;
  std::string error{};
  std::string steps{};  // "discover 3s, update 10s, …" for pipeline runs.
};

// A row of `scheduler_runs`.
struct RunRow {
  int64_t id = 0;
  std::string job{};
  std::string started_at{};
  std::string finished_at{};
  std::string status{};
  int64_t exit_code = -1;
  std::string error{};
};

class AuditStore {
 public:
  AuditStore(db::Database& db, base::Clock& clock) : db_(db), clock_(clock) {}

  base::Status Record(const AuditEntry& entry);
  // Newest first.
  base::Result<std::vector<AuditEntry>> Recent(int limit);

  // Newest builds first (read-only; builds belong to repository::BuildStore).
  base::Result<std::vector<BuildRow>> Builds(int limit);
  // Newest scheduler runs first (read-only; scheduler::RunStore writes them).
  base::Result<std::vector<RunRow>> Runs(int limit);

 private:
  db::Database& db_;
  base::Clock& clock_;
};

}  // namespace wpp::admin
