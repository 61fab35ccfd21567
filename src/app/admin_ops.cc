#include "app/admin_ops.h"

#include <algorithm>
#include <filesystem>

#include "app/jobs.h"
#include "base/log.h"
#include "deploy/deploy.h"
#include "pipeline/lock.h"
#include "repository/build_dir.h"
#include "scheduler/child.h"
#include "scheduler/run_store.h"

namespace wpp::app {

AdminOps::AdminOps(App& app, std::vector<std::string> job_command)
    : app_(app), command_(std::move(job_command)) {}

AdminOps::~AdminOps() {
  Stop();
}

admin::Operations AdminOps::Operations() {
  return admin::Operations{
      .deploy = [this](bool rollback, const std::string& id) { return Deploy(rollback, id); },
      .current_build =
          [this] {
            auto current = repository::CurrentBuild(app_.config().repository_dir);
            return current && *current ? (*current)->id : std::string();
          },
      .launch = [this](const std::string& job,
                       const std::vector<std::string>& args) { return Launch(job, args); }};
}

base::Result<std::string> AdminOps::Deploy(bool rollback, const std::string& id) {
  std::lock_guard guard(deploy_mu_);
  // A pipeline deploys too: never two deploys at once.
  WPP_ASSIGN_OR_RETURN(
      auto lock, pipeline::PipelineLock::Acquire(pipeline::LockPathFor(app_.config().db_path)));
  const deploy::DeployOptions options = DeployOptionsFor(app_, /*to_r2=*/false);
  WPP_ASSIGN_OR_RETURN(deploy::DeployResult done,
                       rollback ? deploy::Rollback(app_.db(), app_.clock(), options, id)
                                : deploy::Promote(app_.db(), app_.clock(), options, id));
  return done.promoted.id;
}

base::Status AdminOps::Launch(const std::string& job, const std::vector<std::string>& args) {
  if (command_.empty()) {
    return base::Error(base::ErrorCode::kUnavailable, "jobs cannot be started by this server");
  }
  std::vector<std::string> argv = command_;
  std::string name;
  if (job == "pipeline") {
    // Refused while one runs (the lock a pipeline holds); the child takes
    // the lock itself, so a race is refused there.
    WPP_ASSIGN_OR_RETURN(
        auto probe, pipeline::PipelineLock::Acquire(pipeline::LockPathFor(app_.config().db_path)));
    name = "pipeline";
    argv.push_back("pipeline");
  } else if (job == "resync" && args.size() == 2) {
    name = "update";
    argv.insert(argv.end(), {"update", "--type", args[0], "--name", args[1], "--force"});
  } else {
    return base::Error(base::ErrorCode::kInvalidArgument, "unknown job " + job);
  }
  std::lock_guard guard(mu_);
  if (stop_.load()) {
    return base::Error(base::ErrorCode::kUnavailable, "the server is stopping");
  }
  if (std::count(running_.begin(), running_.end(), name) > 0) {
    return base::Error(base::ErrorCode::kUnavailable, name + " already running");
  }
  running_.push_back(name);
  threads_.emplace_back([this, name, argv = std::move(argv)]() mutable { Run(name, argv); });
  return base::Status::Ok();
}

void AdminOps::Run(std::string job, std::vector<std::string> argv) {
  const config::Config& config = app_.config();
  std::string log_path;
  if (!config.log_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(config.log_dir, ec);
    log_path = config.log_dir + "/" + job + ".log";
  }
  auto db = db::Database::Open(config.db_path);
  std::unique_ptr<scheduler::RunStore> store;
  int64_t run_id = 0;
  if (db) {
    store = std::make_unique<scheduler::RunStore>(**db);
    auto started = store->Start(job, app_.clock().Now(), 0);
    run_id = started ? *started : 0;
  }
  base::log::Info("admin job started", {{"job", job}});
  const scheduler::ChildOutcome outcome =
      scheduler::RunChild({.argv = std::move(argv), .log_path = log_path}, &stop_, nullptr);
  if (store && run_id > 0) {
    (void)store->Finish(run_id, app_.clock().Now(), outcome.status(), outcome.exit_code,
                        outcome.ok() ? "" : outcome.Describe());
  }
  base::log::Info("admin job finished", {{"job", job}, {"outcome", outcome.Describe()}});
  std::lock_guard guard(mu_);
  running_.erase(std::find(running_.begin(), running_.end(), job));
}

void AdminOps::Stop() {
  stop_.store(true);
  std::vector<std::thread> threads;
  {
    std::lock_guard guard(mu_);
    threads.swap(threads_);
  }
  for (std::thread& t : threads) {
    t.join();
  }
}

}  // namespace wpp::app
