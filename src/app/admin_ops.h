// The admin area's operations wired to this app (docs/behaviour.md §19.6):
// promote or roll back a build with deploy's validation, and start the
// pipeline or a one-package re-sync as children of this binary, recorded in
// scheduler_runs like the scheduled ones.

#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "admin/admin_area.h"
#include "app/app.h"

namespace wpp::app {

class AdminOps {
 public:
  // `job_command`: this binary and its global flags (empty: no jobs can be
  // started). `app` must outlive this.
  AdminOps(App& app, std::vector<std::string> job_command);
  ~AdminOps();
  AdminOps(const AdminOps&) = delete;
  AdminOps& operator=(const AdminOps&) = delete;

  admin::Operations Operations();
  // Asks running children to stop (SIGTERM, then SIGKILL after the grace)
  // and waits for them. Idempotent.
  void Stop();

 private:
  base::Result<std::string> Deploy(bool rollback, const std::string& id);
  base::Status Launch(const std::string& job, const std::vector<std::string>& args);
  void Run(std::string job, std::vector<std::string> argv);

  App& app_;
  const std::vector<std::string> command_;
  std::mutex deploy_mu_;  // One deploy at a time (it uses the app's connection).
  std::mutex mu_;
  std::vector<std::thread> threads_;  // Guarded by mu_.
  std::vector<std::string> running_;  // Jobs started here and not finished. Guarded by mu_.
  std::atomic<bool> stop_{false};
};

}  // namespace wpp::app
