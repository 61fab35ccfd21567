// Commands of the object store and the backup bucket: `cleanup-r2-orphans`,
// `db backup` and `db restore` (docs/behaviour.md §8.5, §8.6; docs/decisions.md §21).

#include <cstdio>
#include <filesystem>

#include "app/jobs.h"
#include "backup/backup.h"
#include "base/log.h"
#include "command.h"
#include "repository/snapshot_store.h"

namespace wpp::cmd {
namespace {

struct RestoreFlags {
  std::string output{};
  bool force = false;
  std::vector<std::string> snapshot{};
};

RestoreFlags& Restore() {
  static auto* flags = new RestoreFlags();
  return *flags;
}

base::Status RunCleanupOrphans(Context& ctx) {
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  return app::RunCleanupOrphans(*app);
}

base::Status RunBackup(Context& ctx) {
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  const config::Config& config = app->config();
  if (config.backup.bucket.empty()) {
    return base::Error(base::ErrorCode::kInvalidArgument,
                       "no backup bucket configured (set LITESTREAM_BUCKET)");
  }
  WPP_ASSIGN_OR_RETURN(auto store, app->OpenBucket(config.backup.bucket));
  std::filesystem::path scratch = std::filesystem::path(app->db().path()).parent_path();
  if (scratch.empty()) {
    scratch = ".";
  }
  WPP_ASSIGN_OR_RETURN(
      auto report,
      backup::BackupDatabase(
          app->db(), *store, app->clock(),
          {.prefix = config.backup.path, .retention_days = config.backup.retention_days}, scratch));
  base::log::Info("backup complete", {{"bucket", config.backup.bucket},
                                      {"key", report.key},
                                      {"db_bytes", report.db_bytes},
                                      {"compressed_bytes", report.compressed_bytes},
                                      {"sha256", report.sha256},
                                      {"pruned", report.pruned}});
  return base::Status::Ok();
}

base::Status RunRestore(Context& ctx) {
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp({}, {.open_database = false}));
  const config::Config& config = app->config();
  const RestoreFlags& flags = Restore();
  const std::string output = flags.output.empty() ? config.db_path : flags.output;
  std::error_code ec;
  if (std::filesystem::exists(output, ec) && !flags.force) {
    return base::Error(base::ErrorCode::kAlreadyExists,
                       "database file " + output + " already exists (use --force to overwrite)");
  }
  if (config.backup.bucket.empty()) {
    return base::Error(base::ErrorCode::kInvalidArgument,
                       "no backup bucket configured (set LITESTREAM_BUCKET)");
  }
  WPP_ASSIGN_OR_RETURN(auto store, app->OpenBucket(config.backup.bucket));
  std::printf("Restoring database to %s...\n", output.c_str());
  std::fflush(stdout);
  backup::RestoreOptions options{.prefix = config.backup.path,
                                 .snapshot = flags.snapshot.empty() ? "" : flags.snapshot.front(),
                                 .output = output,
                                 .force = flags.force};
  options.progress = [](std::string_view line) {
    std::printf("%.*s\n", static_cast<int>(line.size()), line.data());
    std::fflush(stdout);
  };
  options.after_migrate = [](db::Database& db) {
    return repository::SnapshotStore(db).StartNewEpoch();
  };
  WPP_ASSIGN_OR_RETURN(auto report, backup::RestoreDatabase(*store, options));
  std::printf("Restored %s (%d migrations applied).\nRestore complete.\n", report.key.c_str(),
              report.migrations_applied);
  return base::Status::Ok();
}

}  // namespace

void RegisterCleanupR2Orphans(CLI::App& root, Context& ctx) {
  auto* sub =
      root.add_subcommand("cleanup-r2-orphans", "Delete object-store files of inactive packages");
  OnRun(sub, ctx, [&ctx] { return RunCleanupOrphans(ctx); });
}

void RegisterDb(CLI::App& root, Context& ctx) {
  auto* db = root.add_subcommand("db", "Database backup and restore");
  OnRun(db, ctx, nullptr);
  auto* backup = db->add_subcommand("backup", "Snapshot, compress and upload the database");
  OnRun(backup, ctx, [&ctx] { return RunBackup(ctx); });
  auto* restore = db->add_subcommand("restore", "Restore the newest (or a named) snapshot");
  restore->add_option("-o,--output", Restore().output, "Restore target (default: the db path)");
  restore->add_flag("--force", Restore().force, "Overwrite an existing file");
  restore
      ->add_option("snapshot", Restore().snapshot,
                   "Snapshot key or stamp (20260313T140000Z); default: the newest")
      ->expected(0, 1);
  OnRun(restore, ctx, [&ctx] { return RunRestore(ctx); });
}

}  // namespace wpp::cmd
