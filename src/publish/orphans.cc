#include "publish/orphans.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "base/log.h"
#include "publish/records.h"

namespace wpp::publish {
namespace {

constexpr size_t kPackagesPerBatch = 500;  // Two keys each: 1,000 keys per request.

struct CleanupState {
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::set<std::string> failed_packages{};  // Guarded by mu.
  OrphanReport report{};                    // Guarded by mu.
};

// Deletes one batch and records its outcome; clears deployed_hash for the
// packages of the batch that are fully gone (a DB error is only a warning
// here: the final pass retries it).
void RunBatch(ObjectStore& store, Records& records, const std::vector<std::string>& names,
              size_t begin, size_t end, CleanupState& state) {
  std::vector<std::string> keys;
  for (size_t i = begin; i < end; ++i) {
    for (std::string& key : PackageKeys(names[i])) {
      keys.push_back(std::move(key));
    }
  }
  auto failed = store.DeleteMany(keys);
  std::set<std::string> failed_keys;
  if (!failed) {
    base::log::Warn("orphan batch failed",
                    {{"keys", keys.size()}, {"error", failed.error().message()}});
    failed_keys.insert(keys.begin(), keys.end());
  } else {
    failed_keys.insert(failed->begin(), failed->end());
  }
  std::vector<std::string> done;
  std::lock_guard lock(state.mu);
  for (size_t i = begin; i < end; ++i) {
    const auto package_keys = PackageKeys(names[i]);
    const bool ok = std::none_of(package_keys.begin(), package_keys.end(),
                                 [&](const std::string& k) { return failed_keys.count(k) > 0; });
    if (ok) {
      done.push_back(names[i]);
    } else {
      state.failed_packages.insert(names[i]);
    }
  }
  state.report.keys_failed += failed_keys.size();
  state.report.keys_deleted += keys.size() - failed_keys.size();
  if (auto status = records.packages.ClearDeployed(done); !status) {
    base::log::Warn("could not clear deployed_hash after a batch",
                    {{"error", status.error().message()}});
  }
}

}  // namespace

base::Result<OrphanReport> CleanupOrphans(ObjectStore& store, db::Database& db, base::Clock& clock,
                                          int concurrency) {
  Records records(db, clock);
  WPP_ASSIGN_OR_RETURN(std::vector<std::string> names, records.packages.DeployedOrphans());
  CleanupState state;
  state.report.packages = names.size();
  const size_t batches = (names.size() + kPackagesPerBatch - 1) / kPackagesPerBatch;
  const size_t workers = std::min<size_t>(batches, concurrency > 0 ? concurrency : 50);
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (size_t b = state.next.fetch_add(1); b < batches; b = state.next.fetch_add(1)) {
        const size_t begin = b * kPackagesPerBatch;
        RunBatch(store, records, names, begin, std::min(names.size(), begin + kPackagesPerBatch),
                 state);
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  std::vector<std::string> all_ok;
  for (const std::string& name : names) {
    if (state.failed_packages.count(name) == 0) {
      all_ok.push_back(name);
    }
  }
  if (auto status = records.packages.ClearDeployed(all_ok); !status) {
    return std::move(status).error().Annotate("clearing deployed_hash");
  }
  base::log::Info("orphan cleanup complete", {{"packages", state.report.packages},
                                              {"keys_deleted", state.report.keys_deleted},
                                              {"keys_failed", state.report.keys_failed}});
  return state.report;
}

}  // namespace wpp::publish
