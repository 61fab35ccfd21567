// Install telemetry: parses Composer's notify-batch bodies and records
// install events, deduplicated per (client, package, version, user agent)
// within fixed time buckets. Client addresses are stored only as keyed
// HMAC-SHA-256 hashes (docs/decisions.md §15), and only versions that exist for the
// package (or dev-*) are counted.

#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "telemetry/window_keys.h"

namespace wpp::telemetry {

struct Download {
  std::string name{};     // "wp-plugin/akismet"
  std::string version{};  // As Composer sends it (normalised, e.g. "5.3.2.0").
};

constexpr size_t kMaxBodyBytes = 1 << 20;
constexpr size_t kMaxDownloadsPerBatch = 100;
// Longer names or versions are never ours ("wp-theme/" + a 200-byte slug;
// the longest version tags are far below 64 bytes) and are rejected.
constexpr size_t kMaxNameBytes = 210;
constexpr size_t kMaxVersionBytes = 64;
// Distinct installs one dedupe window may record (docs/behaviour.md §10.3);
// their fingerprints take at most 16 bytes each in memory.
constexpr size_t kMaxWindowKeys = 4'000'000;

// Parses `{"downloads":[{"name":…,"version":…},…]}`. Returns at most 100
// entries; entries with an empty or non-string name/version are dropped.
// Errors: kDataLoss for an empty, oversized or malformed body.
base::Result<std::vector<Download>> ParseNotifyBatch(std::string_view body);

struct RecordCounts {
  int recorded = 0;
  int duplicates = 0;
  int rejected = 0;     // Unknown package, inactive package or unknown version.
  int window_full = 0;  // New installs past the window's kMaxWindowKeys (not stored).
};

// One POST /downloads: its downloads and who sent them.
struct Batch {
  std::vector<Download> downloads{};
  std::string client_ip{};
  std::string user_agent{};
};

// Not thread-safe; owns no connection (borrows `db`). `db` and `clock` must
// outlive it. Duplicates are found in memory, in the keys of the current
// window, read from the table when the window starts or the store is made:
// one store writes a database's installs at a time (docs/behaviour.md §10.3).
class InstallStore {
 public:
  // `secret` keys the IP hash; empty means the one kept in site_meta
  // (generated on first use). `window_seconds` <= 0 means 3600.
  InstallStore(db::Database& db, base::Clock& clock, std::string secret, int window_seconds,
               size_t max_window_keys = kMaxWindowKeys);

  ~InstallStore();

  // Records one batch in a single transaction.
  base::Result<RecordCounts> Record(const std::vector<Download>& downloads,
                                    std::string_view client_ip, std::string_view user_agent);
  // Records many batches in a single transaction (group commit: the
  // server's writer takes everything queued at once).
  base::Result<RecordCounts> RecordBatches(std::span<const Batch> batches);

 private:
  struct Known;
  struct Statements;
  struct Row;
  // The largest multi-row INSERT writes 2^kMaxInsertLog2 rows.
  static constexpr size_t kMaxInsertLog2 = 6;
  // The package's id and versions (0 when it is unknown or inactive), read
  // at most once a minute per package.
  const Known& Lookup(const std::string& name);
  // Reads the keys `bucket`'s events already stored into window_keys_.
  void LoadWindow(int64_t bucket);
  // Checks `batch`'s downloads and appends the new countable ones to rows_.
  void Collect(const Batch& batch, RecordCounts& counts);
  // Writes 2^log2_rows rows (rows.size()) in one statement.
  void Insert(size_t log2_rows, std::span<const Row> rows, int64_t bucket,
              const std::string& created_at);
  base::Result<std::string> Secret();

  db::Database& db_;
  base::Clock& clock_;
  std::string secret_;
  int window_seconds_;
  std::unique_ptr<Statements> statements_;
  std::unordered_map<std::string, Known> known_;
  std::vector<Row> rows_;  // Reused by every RecordBatches.
  WindowKeys window_keys_;
  int64_t window_bucket_ = -1;       // Whose keys window_keys_ holds; -1: none yet.
  int64_t full_logged_bucket_ = -1;  // The last window whose filling was logged.
};

constexpr size_t kDedupeKeyBytes = 16;

// The stored dedupe key of one install: the first 16 bytes of
// SHA-256(ip_hash ‖ package id ‖ version ‖ user_agent_hash), the two hashes
// in lowercase hex (docs/behaviour.md §10.3).
std::string DedupeKey(std::string_view ip_hash, int64_t package_id, std::string_view version,
                      std::string_view user_agent_hash);

// True when `sent` (as Composer reports it) names one of the package's
// versions: the stored key itself, its Composer-normalised form, or
// dev-trunk (the one dev version the repository publishes).
bool IsKnownVersion(std::string_view versions_json, std::string_view sent);

}  // namespace wpp::telemetry
