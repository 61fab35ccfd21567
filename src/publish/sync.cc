#include "publish/sync.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "base/log.h"
#include "base/strings.h"
#include "publish/records.h"
#include "repository/build_dir.h"
#include "repository/build_files.h"

namespace wpp::publish {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

// The build the bucket is known to hold, or nullopt when it is unknown. A
// candidate counts only while the bucket's packages.json equals its own: a
// new or wiped bucket, or one written by someone else, gets everything.
base::Result<std::optional<std::string>> ChooseBase(ObjectStore& store, Records& records,
                                                    const fs::path& builds_dir) {
  WPP_ASSIGN_OR_RETURN(std::vector<std::string> synced, records.builds.SyncedBuilds());
  std::optional<std::string> candidate;
  for (const std::string& id : synced) {
    if (fs::is_regular_file(builds_dir / id / "packages.json")) {
      candidate = id;
      break;
    }
  }
  if (!candidate) {
    return std::optional<std::string>();
  }
  auto remote = store.Get("packages.json");
  if (!remote && remote.error().code() == ErrorCode::kNotFound) {
    base::log::Warn("bucket has no packages.json; uploading every file",
                    {{"last_synced_build", *candidate}});
    return std::optional<std::string>();
  }
  if (!remote) {
    return std::move(remote).error();
  }
  WPP_ASSIGN_OR_RETURN(std::string local,
                       repository::ReadFile(builds_dir / *candidate / "packages.json"));
  if (*remote != local) {
    base::log::Warn(
        "bucket's packages.json differs from the last synced build; uploading every "
        "file",
        {{"last_synced_build", *candidate}});
    return std::optional<std::string>();
  }
  return candidate;
}

struct UploadState {
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::atomic<size_t> unchanged{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::vector<std::string> uploaded{};  // Guarded by mu.
  std::optional<base::Error> error{};   // Guarded by mu; the first failure.
};

// One worker: takes files until none are left or another worker failed.
void UploadWorker(ObjectStore& store, const repository::BuildFiles& build,
                  const repository::BuildFiles* base,
                  const std::vector<repository::BuildFiles::File>& files,
                  const SyncOptions& options, UploadState& state) {
  const objectstore::PutOptions put{.content_type = "application/json",
                                    .cache_control = options.cache_control};
  while (!state.failed.load()) {
    const size_t i = state.next.fetch_add(1);
    if (i >= files.size()) {
      return;
    }
    const std::string& rel = files[i].key;
    // Same blob, same bytes (docs/decisions.md §7): nothing to send, nothing to read.
    if (base != nullptr && base->Find(rel) == files[i].hash) {
      state.unchanged.fetch_add(1);
      continue;
    }
    auto bytes = repository::ReadFile(build.PathOf(files[i].hash));
    base::Status status = bytes ? store.Put(rel, *bytes, put) : base::Status(bytes.error());
    std::lock_guard lock(state.mu);
    if (!status) {
      if (!state.error) {
        state.error = std::move(status).error().Annotate("upload " + rel);
      }
      state.failed.store(true);
      return;
    }
    state.uploaded.push_back(rel);
    if (options.progress_every > 0 && state.uploaded.size() % options.progress_every == 0) {
      base::log::Info("uploading", {{"uploaded", state.uploaded.size()}, {"total", files.size()}});
    }
  }
}

base::Status UploadChanged(ObjectStore& store, const repository::BuildFiles& build,
                           const repository::BuildFiles* base,
                           const std::vector<repository::BuildFiles::File>& files,
                           const SyncOptions& options, SyncReport& report) {
  UploadState state;
  const size_t workers =
      std::min<size_t>(files.size(), options.concurrency > 0 ? options.concurrency : 50);
  std::vector<std::thread> threads;
  threads.reserve(workers);
  for (size_t i = 0; i < workers; ++i) {
    threads.emplace_back([&] { UploadWorker(store, build, base, files, options, state); });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  std::sort(state.uploaded.begin(), state.uploaded.end());
  report.uploaded = state.uploaded.size();
  report.unchanged = state.unchanged.load();
  std::set<std::string> names;
  for (const std::string& rel : state.uploaded) {
    if (std::string name = PackageNameOfKey(rel); !name.empty()) {
      names.insert(name);
    }
  }
  report.published.assign(names.begin(), names.end());
  if (state.error) {
    return *state.error;
  }
  return base::Status::Ok();
}

// Step 4: deletes the two keys of each orphaned package, serially; clears
// deployed_hash only where both deletions succeeded.
base::Status RemoveOrphans(ObjectStore& store, Records& records, SyncReport& report) {
  WPP_ASSIGN_OR_RETURN(std::vector<std::string> orphans, records.packages.DeployedOrphans());
  for (const std::string& name : orphans) {
    bool ok = true;
    for (const std::string& key : PackageKeys(name)) {
      if (auto status = store.Delete(key); !status) {
        base::log::Warn("could not delete orphaned file; will retry next deploy",
                        {{"key", key}, {"error", status.error().message()}});
        ok = false;
      }
    }
    if (ok) {
      report.removed.push_back(name);
    }
  }
  if (auto status = records.packages.ClearDeployed(report.removed); !status) {
    base::log::Warn("could not clear deployed_hash", {{"error", status.error().message()}});
  }
  return base::Status::Ok();
}

}  // namespace

std::string PackageNameOfKey(std::string_view key) {
  std::optional<repository::P2File> file = repository::ParseP2Key(key);
  return file ? std::move(file->name) : std::string();
}

base::Result<SyncReport> SyncBuild(ObjectStore& store, db::Database& db, base::Clock& clock,
                                   const fs::path& repository_dir, const std::string& build_id,
                                   const SyncOptions& options) {
  const auto started = clock.Now();
  const fs::path builds_dir = repository_dir / "builds";
  const fs::path dir = builds_dir / build_id;
  WPP_RETURN_IF_ERROR(repository::ValidateBuild(dir));
  WPP_ASSIGN_OR_RETURN(const repository::BuildFiles build, repository::BuildFiles::Open(dir));
  const std::vector<repository::BuildFiles::File> files = build.List();
  Records records(db, clock);
  WPP_ASSIGN_OR_RETURN(std::optional<std::string> base, ChooseBase(store, records, builds_dir));

  SyncReport report;
  report.build_id = build_id;
  report.base_build = base.value_or("");
  report.files = files.size();
  base::log::Info("syncing build to object store",
                  {{"build", build_id}, {"files", files.size()}, {"base", report.base_build}});
  std::optional<repository::BuildFiles> base_files;
  if (base) {
    auto opened = repository::BuildFiles::Open(builds_dir / *base);
    if (opened) {
      base_files.emplace(std::move(opened).value());
    } else {
      base::log::Warn("cannot read the last synced build's index; uploading every file",
                      {{"build", *base}, {"error", opened.error().message()}});
      report.base_build.clear();
    }
  }
  WPP_RETURN_IF_ERROR(
      UploadChanged(store, build, base_files ? &*base_files : nullptr, files, options, report));

  WPP_ASSIGN_OR_RETURN(report.stamped, records.packages.StampDeployed());
  WPP_RETURN_IF_ERROR(RemoveOrphans(store, records, report));
  WPP_ASSIGN_OR_RETURN(std::string root, repository::ReadFile(dir / "packages.json"));
  const objectstore::PutOptions put{.content_type = "application/json",
                                    .cache_control = options.cache_control};
  if (auto status = store.Put("packages.json", root, put); !status) {
    return std::move(status).error().Annotate("upload packages.json");
  }
  if (auto status = records.builds.MarkSynced(build_id); !status) {
    base::log::Warn("could not record r2_synced_at", {{"error", status.error().message()}});
  }
  report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now() - started);
  base::log::Info("object store sync complete",
                  {{"build", build_id},
                   {"uploaded", report.uploaded},
                   {"unchanged", report.unchanged},
                   {"removed", report.removed.size()},
                   {"seconds", static_cast<double>(report.elapsed.count()) / 1000.0}});
  return report;
}

}  // namespace wpp::publish
