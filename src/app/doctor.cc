#include "app/doctor.h"

#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/statvfs.h>

#include "pipeline/lock.h"
#include "repository/build_dir.h"
#include "repository/build_store.h"

namespace wpp::app {
namespace {

namespace stdfs = std::filesystem;

constexpr int64_t kMiB = 1024 * 1024;
constexpr int64_t kWarnFreeBytes = 1024 * kMiB;
constexpr int64_t kErrorFreeBytes = 100 * kMiB;
constexpr int64_t kWarnPipelineAge = 3600;        // Pipelines run every few minutes.
constexpr int64_t kErrorPipelineAge = 24 * 3600;  // A day behind WordPress.org.

void CheckDatabase(App& app, std::vector<Finding>& out) {
  std::string journal, detail;
  int64_t foreign_keys = 0, busy_timeout = 0, synchronous = -1;
  auto read = app.db().Guard("reading pragmas", [&] {
    journal = app.db().sql().execAndGet("PRAGMA journal_mode").getString();
    foreign_keys = app.db().sql().execAndGet("PRAGMA foreign_keys").getInt64();
    busy_timeout = app.db().sql().execAndGet("PRAGMA busy_timeout").getInt64();
    synchronous = app.db().sql().execAndGet("PRAGMA synchronous").getInt64();
  });
  if (!read.ok()) {
    out.push_back({Health::kError, "database", read.error().message()});
    return;
  }
  detail = "journal_mode=" + journal + " synchronous=" + std::to_string(synchronous) +
           " foreign_keys=" + std::to_string(foreign_keys) +
           " busy_timeout=" + std::to_string(busy_timeout) + " (" + app.db().path() + ")";
  // What db::Database::Open sets: WAL, NORMAL (1), foreign keys, 5 s.
  const bool as_set =
      journal == "wal" && synchronous == 1 && foreign_keys == 1 && busy_timeout >= 5000;
  out.push_back({as_set ? Health::kOk : Health::kError, "database", detail});
}

void CheckSchema(App& app, std::vector<Finding>& out) {
  auto version = app.db().SchemaVersion();
  const auto& migrations = db::EmbeddedMigrations();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (!version) {
    out.push_back({Health::kError, "schema", version.error().message()});
  } else if (*version < latest) {
    out.push_back({Health::kError, "schema",
                   "version " + std::to_string(*version) + " of " + std::to_string(latest) +
                       ": run `wppackages migrate`"});
  } else if (*version > latest) {
    out.push_back({Health::kError, "schema",
                   "version " + std::to_string(*version) +
                       " is newer than this wppackages knows (" + std::to_string(latest) + ")"});
  } else {
    out.push_back({Health::kOk, "schema", "version " + std::to_string(latest) + ", up to date"});
  }
}

void CheckFolder(const std::string& name, const stdfs::path& dir, std::vector<Finding>& out) {
  std::error_code ec;
  if (!stdfs::is_directory(dir, ec)) {
    out.push_back({Health::kWarning, "storage", name + " " + dir.string() + " does not exist yet"});
    return;
  }
  struct statvfs fs {};
  if (statvfs(dir.c_str(), &fs) != 0) {
    out.push_back({Health::kError, "storage", name + " " + dir.string() + ": cannot stat"});
    return;
  }
  const int64_t free_bytes = static_cast<int64_t>(fs.f_bavail) * static_cast<int64_t>(fs.f_frsize);
  const bool read_only = (fs.f_flag & ST_RDONLY) != 0;
  const Health health = read_only || free_bytes < kErrorFreeBytes ? Health::kError
                        : free_bytes < kWarnFreeBytes             ? Health::kWarning
                                                                  : Health::kOk;
  out.push_back({health, "storage",
                 name + " " + dir.string() + ": " + std::to_string(free_bytes / kMiB) +
                     " MiB free" + (read_only ? ", read-only file system" : "")});
}

void CheckCurrentBuild(App& app, std::vector<Finding>& out) {
  auto current = repository::CurrentBuild(app.config().repository_dir);
  if (!current) {
    out.push_back({Health::kError, "current build", current.error().message()});
  } else if (!*current) {
    out.push_back({Health::kWarning, "current build",
                   "none yet: run `wppackages pipeline` (or build and deploy)"});
  } else if (auto valid = repository::ValidateBuild((*current)->dir); !valid.ok()) {
    out.push_back({Health::kError, "current build",
                   valid.error().message() + ": re-run `wppackages build --force`, then deploy"});
  } else {
    out.push_back({Health::kOk, "current build", (*current)->id + " is valid"});
  }
}

void CheckBucket(App& app, const std::string& role, const std::string& bucket,
                 std::vector<Finding>& out) {
  if (bucket.empty()) {
    out.push_back({Health::kOk, role, "not configured"});
    return;
  }
  auto store = app.OpenBucket(bucket);
  if (!store) {
    out.push_back({Health::kError, role, bucket + ": " + store.error().message()});
    return;
  }
  // One small listing proves the endpoint, the credentials and the bucket.
  auto listed = (*store)->List("packages.json");
  out.push_back(listed ? Finding{Health::kOk, role, bucket + " reachable"}
                       : Finding{Health::kError, role, bucket + ": " + listed.error().message()});
}

void CheckPipeline(App& app, std::vector<Finding>& out) {
  auto lock = pipeline::PipelineLock::Acquire(pipeline::LockPathFor(app.config().db_path));
  if (lock) {
    out.push_back({Health::kOk, "pipeline lock", "free"});
  } else if (lock.error().code() == base::ErrorCode::kUnavailable) {
    out.push_back({Health::kWarning, "pipeline lock", "held: a pipeline is running now"});
  } else {
    out.push_back({Health::kError, "pipeline lock", lock.error().message()});
  }
  repository::BuildStore builds(app.db(), app.clock());
  auto age = builds.SecondsSinceLastCompleted();
  if (!age) {
    out.push_back({Health::kError, "last pipeline", age.error().message()});
  } else if (!*age) {
    out.push_back({Health::kWarning, "last pipeline", "no build or pipeline has completed yet"});
  } else {
    const int64_t seconds = **age;
    const Health health = seconds > kErrorPipelineAge  ? Health::kError
                          : seconds > kWarnPipelineAge ? Health::kWarning
                                                       : Health::kOk;
    out.push_back(
        {health, "last pipeline", "last success " + std::to_string(seconds / 60) + " min ago"});
  }
}

}  // namespace

const char* HealthName(Health health) {
  switch (health) {
    case Health::kOk:
      return "ok";
    case Health::kWarning:
      return "warning";
    case Health::kError:
      return "error";
  }
  return "error";
}

std::vector<Finding> RunDoctor(App& app) {
  std::vector<Finding> out;
  CheckDatabase(app, out);
  CheckSchema(app, out);
  CheckFolder("database folder", stdfs::path(app.config().db_path).parent_path(), out);
  CheckFolder("repository", app.config().repository_dir, out);
  CheckCurrentBuild(app, out);
  CheckBucket(app, "composer bucket", app.config().r2.enabled ? app.config().r2.bucket : "", out);
  CheckBucket(app, "backup bucket", app.config().backup.bucket, out);
  CheckPipeline(app, out);
  return out;
}

}  // namespace wpp::app
