// Updating one package (docs/behaviour.md §5.3): fetch its full info, map it to a
// row, normalise its versions, hash them, decide whether it is synced, and
// date its versions. Runs on a fetch worker; the result goes to the writer.

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "ingest/sync_decision.h"
#include "packages/package_store.h"
#include "wporg/client.h"

namespace wpp::ingest {

// NormalizeAndStore (docs/behaviour.md §3.9) of one answer.
struct StoredVersions {
  std::map<std::string, std::string> versions{};  // Normalised, filtered.
  std::string versions_json = "{}";
  bool pending_stable = false;          // A stable tag above the published one exists.
  std::optional<std::string> latest{};  // Latest(versions), when non-empty.
};
StoredVersions NormalizeAndStore(const wporg::PackageInfo& info);

// First-published times for the tagged versions of `versions`
// (docs/behaviour.md §5.7). `folders` are the tag folders PROPFIND returned (raw names), or null
// when none were asked for; a version with no folder gets `now` as a
// "mirror" time. `dev-trunk` gets no time.
std::vector<packages::VersionTime> VersionTimes(const std::map<std::string, std::string>& versions,
                                                const std::vector<wporg::DavEntry>* folders,
                                                const std::string& now);

struct PackageOutcome {
  enum class Kind { kUpdated, kDeactivated, kTombstoned, kFailed };
  Kind kind = Kind::kFailed;
  packages::UpdateWrite write{};                  // Unused when failed.
  bool changed = false;                           // versions_json differs from the stored one.
  SyncDecision decision = SyncDecision::kExpire;  // kUpdated only.
  bool invalid_utf8 = false;                      // The answer was repaired.
  bool malformed = false;                         // The answer was not a readable JSON object.
  bool times_pending = false;  // Dating the versions failed; the package stays dirty.
  std::string error{};         // kFailed only.
};

// Fetches and maps `stored`. Never fails as a call: errors become a kFailed
// outcome. Thread-safe given a thread-safe client and clock.
PackageOutcome UpdatePackage(wporg::Client& client, base::Clock& clock,
                             const packages::StoredPackage& stored, int64_t run_id);

}  // namespace wpp::ingest
