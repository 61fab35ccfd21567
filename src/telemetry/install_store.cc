#include "telemetry/install_store.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>

#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "base/log.h"
#include "base/package_type.h"
#include "base/strings.h"
#include "version/version.h"

namespace wpp::telemetry {
namespace {

using base::Error;
using base::ErrorCode;

constexpr char kSecretKey[] = "telemetry_secret";
// How long a package's versions are trusted before they are read again.
constexpr std::chrono::seconds kKnownTtl{60};
// Bound on cached packages (a flood of made-up names must not grow memory).
constexpr size_t kMaxKnown = 50'000;

// Every name `versions_json` lets a client report: its keys and their
// Composer-normalised forms, plus dev-trunk.
std::vector<std::string> KnownVersions(std::string_view versions_json) {
  std::vector<std::string> out{"dev-trunk"};
  try {
    const auto versions = nlohmann::json::parse(versions_json);
    if (!versions.is_object()) {
      return out;
    }
    for (const auto& [version, url] : versions.items()) {
      out.push_back(version);
      std::string normalized = version::ComposerNormalized(version);
      if (!normalized.empty() && normalized != version) {
        out.push_back(std::move(normalized));
      }
    }
  } catch (const nlohmann::json::exception&) {
  }
  return out;
}

// The in-memory stand-in of a stored dedupe key: its first 8 bytes (keys
// kept from before migration 016 are hex text, and shorter ones are padded).
uint64_t Fingerprint(const void* key, size_t size) {
  uint64_t f = 0;
  std::memcpy(&f, key, std::min(size, sizeof f));
  return f;
}

}  // namespace

base::Result<std::vector<Download>> ParseNotifyBatch(std::string_view body) {
  if (body.empty() || body.size() > kMaxBodyBytes) {
    return Error(ErrorCode::kDataLoss, "empty or oversized notify-batch body");
  }
  // simdjson's DOM parser validates the whole body (syntax and UTF-8) as
  // nlohmann did, without a heap node per value; each request thread keeps
  // its own parser and buffers (docs/behaviour.md §10.1).
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (const auto error = parser.parse(body.data(), body.size()).get(doc)) {
    return Error(ErrorCode::kDataLoss,
                 std::string("notify-batch body: ") + simdjson::error_message(error));
  }
  // A repeated member counts as its last occurrence, as in a JSON object
  // read into a map.
  simdjson::dom::array downloads;
  bool has_downloads = false;
  simdjson::dom::object root;
  if (doc.get_object().get(root) == simdjson::SUCCESS) {
    for (const auto field : root) {
      if (field.key == "downloads") {
        has_downloads = field.value.get_array().get(downloads) == simdjson::SUCCESS;
      }
    }
  }
  if (!has_downloads) {
    return Error(ErrorCode::kDataLoss, "notify-batch body has no downloads array");
  }
  std::vector<Download> out;
  for (const simdjson::dom::element item : downloads) {
    if (out.size() >= kMaxDownloadsPerBatch) {
      break;
    }
    simdjson::dom::object entry;
    if (item.get_object().get(entry) != simdjson::SUCCESS) {
      continue;
    }
    std::string_view name;
    std::string_view version;
    bool strings = true;
    for (const auto field : entry) {
      std::string_view* target = field.key == "name"      ? &name
                                 : field.key == "version" ? &version
                                                          : nullptr;
      if (target != nullptr) {
        strings = field.value.get_string().get(*target) == simdjson::SUCCESS;
      }
    }
    if (strings && !name.empty() && !version.empty()) {
      out.push_back(Download{std::string(name), std::string(version)});
    }
  }
  return out;
}

bool IsKnownVersion(std::string_view versions_json, std::string_view sent) {
  for (const std::string& known : KnownVersions(versions_json)) {
    if (known == sent) {
      return true;
    }
  }
  return false;
}

struct InstallStore::Known {
  int64_t package_id = 0;  // 0: unknown or inactive.
  std::vector<std::string> versions{};
  std::chrono::system_clock::time_point loaded{};
};

struct InstallStore::Statements {
  explicit Statements(SQLite::Database& sql)
      : find(sql,
             "SELECT id, versions_json FROM packages WHERE type = ? AND name = ? "
             "AND is_active = 1") {}
  SQLite::Statement find;
  // inserts[k] writes 2^k rows in one statement (docs/behaviour.md §10.1).
  std::vector<std::unique_ptr<SQLite::Statement>> inserts;
};

// One event waiting to be written by RecordBatches.
struct InstallStore::Row {
  int64_t package_id = 0;
  const std::string* version = nullptr;  // Points into the batch.
  std::array<unsigned char, kDedupeKeyBytes> key{};
};

InstallStore::~InstallStore() {
  if (statements_) {
    statements_.reset();
    (void)db_.Guard("restoring foreign keys", [&] { db_.sql().exec("PRAGMA foreign_keys = ON"); });
  }
}

InstallStore::InstallStore(db::Database& db, base::Clock& clock, std::string secret,
                           int window_seconds, size_t max_window_keys)
    : db_(db),
      clock_(clock),
      secret_(std::move(secret)),
      window_seconds_(window_seconds > 0 ? window_seconds : 3600),
      window_keys_(max_window_keys) {}

base::Result<std::string> InstallStore::Secret() {
  if (!secret_.empty()) {
    return secret_;
  }
  WPP_RETURN_IF_ERROR(db_.Guard("telemetry secret", [&] {
    // INSERT OR IGNORE keeps the first secret if two processes race.
    SQLite::Statement insert(db_.sql(),
                             "INSERT OR IGNORE INTO site_meta (key, value) VALUES (?, "
                             "lower(hex(randomblob(32))))");
    insert.bind(1, kSecretKey);
    insert.exec();
    SQLite::Statement read(db_.sql(), "SELECT value FROM site_meta WHERE key = ?");
    read.bind(1, kSecretKey);
    if (read.executeStep()) {
      secret_ = read.getColumn(0).getString();
    }
  }));
  return secret_;
}

base::Result<RecordCounts> InstallStore::Record(const std::vector<Download>& downloads,
                                                std::string_view client_ip,
                                                std::string_view user_agent) {
  const Batch batch{downloads, std::string(client_ip), std::string(user_agent)};
  return RecordBatches(std::span<const Batch>(&batch, 1));
}

base::Result<RecordCounts> InstallStore::RecordBatches(std::span<const Batch> batches) {
  WPP_RETURN_IF_ERROR(Secret().status());
  const auto now = clock_.Now();
  const int64_t bucket = base::UnixSeconds(now) / window_seconds_;
  const std::string created_at = base::FormatRfc3339(now);
  RecordCounts counts;
  if (!statements_) {
    // Only ids of active packages just read are inserted: the foreign key
    // is not checked again, which with the journal SQLite keeps to undo a
    // statement failing halfway cost a third of the writer's time; what
    // is still journalled stays in memory, not in a temporary file
    // (docs/behaviour.md §10.1). The destructor restores the check.
    WPP_RETURN_IF_ERROR(db_.Guard("preparing the install writer", [&] {
      db_.sql().exec("PRAGMA temp_store = MEMORY");
      db_.sql().exec("PRAGMA foreign_keys = OFF");
      statements_ = std::make_unique<Statements>(db_.sql());
    }));
  }
  base::Status written = db_.InTransaction("recording installs", [&]() -> base::Status {
    if (bucket != window_bucket_) {
      LoadWindow(bucket);
    }
    rows_.clear();
    for (const Batch& batch : batches) {
      Collect(batch, counts);
    }
    // Many rows per statement: SQLite's cost per statement (reset, bind,
    // step) is paid once per chunk instead of once per event.
    size_t next = 0;
    while (next < rows_.size()) {
      size_t k = 0;
      while (k + 1 < kMaxInsertLog2 + 1 && (size_t{2} << k) <= rows_.size() - next) {
        ++k;
      }
      const size_t n = size_t{1} << k;
      Insert(k, std::span<const Row>(rows_).subspan(next, n), bucket, created_at);
      counts.recorded += static_cast<int>(n);
      next += n;
    }
    return base::Status::Ok();
  });
  if (!written.ok()) {
    // The keys added for this group were not stored: read them again.
    window_bucket_ = -1;
    return std::move(written).error();
  }
  if (counts.window_full > 0 && full_logged_bucket_ != bucket) {
    full_logged_bucket_ = bucket;
    base::log::Warn(
        "install window full: new installs are not counted until the next window",
        {{"keys", static_cast<int64_t>(window_keys_.size())}, {"window_seconds", window_seconds_}});
  }
  return counts;
}

void InstallStore::Insert(size_t log2_rows, std::span<const Row> rows, int64_t bucket,
                          const std::string& created_at) {
  auto& inserts = statements_->inserts;
  if (inserts.size() <= log2_rows) {
    inserts.resize(log2_rows + 1);
  }
  auto& insert = inserts[log2_rows];
  if (!insert) {
    // ?1 and ?2 (bucket, time) are shared by all rows; row i has 3i+3..3i+5.
    std::string sql =
        "INSERT INTO install_events (package_id, version, dedupe_bucket, dedupe_key, "
        "created_at) VALUES ";
    for (size_t i = 0; i < rows.size(); ++i) {
      const size_t p = 3 * i + 3;
      sql += (i ? ",(?" : "(?") + std::to_string(p) + ",?" + std::to_string(p + 1) + ",?1,?" +
             std::to_string(p + 2) + ",?2)";
    }
    insert = std::make_unique<SQLite::Statement>(db_.sql(), sql);
  }
  // tryReset: reset() would throw again the error of a step that failed in
  // an earlier, rolled-back group (SQLite's reset reports the last step's).
  (void)insert->tryReset();
  insert->bind(1, bucket);
  insert->bindNoCopy(2, created_at);
  for (size_t i = 0; i < rows.size(); ++i) {
    const int p = static_cast<int>(3 * i + 3);
    insert->bind(p, rows[i].package_id);
    insert->bindNoCopy(p + 1, *rows[i].version);
    insert->bindNoCopy(p + 2, rows[i].key.data(), static_cast<int>(rows[i].key.size()));
  }
  insert->exec();
}

void InstallStore::LoadWindow(int64_t bucket) {
  // Events carry the time they were written, so the window's are found
  // through the created_at index from its first second on.
  window_keys_.Clear();
  SQLite::Statement keys(db_.sql(),
                         "SELECT dedupe_key FROM install_events WHERE created_at >= ?1 "
                         "AND dedupe_bucket = ?2");
  keys.bind(1, base::FormatRfc3339(base::FromUnixSeconds(bucket * window_seconds_)));
  keys.bind(2, bucket);
  while (keys.executeStep()) {
    const SQLite::Column key = keys.getColumn(0);
    (void)window_keys_.Add(Fingerprint(key.getBlob(), static_cast<size_t>(key.getBytes())));
  }
  window_bucket_ = bucket;
}

const InstallStore::Known& InstallStore::Lookup(const std::string& name) {
  const auto now = clock_.Now();
  auto it = known_.find(name);
  if (it != known_.end() && now - it->second.loaded < kKnownTtl) {
    return it->second;
  }
  if (it == known_.end() && known_.size() >= kMaxKnown) {
    known_.clear();
  }
  Known& known = known_[name];
  known = Known{.loaded = now};
  if (const auto split = base::SplitComposerName(name)) {
    SQLite::Statement& find = statements_->find;
    (void)find.tryReset();
    find.bind(1, std::string(base::TypeName(split->first)));
    find.bind(2, split->second);
    if (find.executeStep()) {
      known.package_id = find.getColumn(0).getInt64();
      known.versions = KnownVersions(find.getColumn(1).getString());
    }
    // A statement left on a row keeps its read snapshot open after COMMIT:
    // the next BEGIN IMMEDIATE would then fail at once with SQLITE_BUSY
    // (a stale snapshot cannot be upgraded) whenever another connection
    // wrote in between.
    find.reset();
  }
  return known;
}

void InstallStore::Collect(const Batch& batch, RecordCounts& counts) {
  const std::string ip_hash = base::HmacSha256Hex(secret_, batch.client_ip);
  const std::string ua_hash = base::Sha256Hex(batch.user_agent);
  for (const Download& d : batch.downloads) {
    if (d.name.size() > kMaxNameBytes || d.version.size() > kMaxVersionBytes) {
      ++counts.rejected;
      continue;
    }
    const Known& known = Lookup(d.name);
    if (known.package_id == 0 || std::find(known.versions.begin(), known.versions.end(),
                                           d.version) == known.versions.end()) {
      ++counts.rejected;
      continue;
    }
    const std::string key = DedupeKey(ip_hash, known.package_id, d.version, ua_hash);
    switch (window_keys_.Add(Fingerprint(key.data(), key.size()))) {
      case WindowKeys::Added::kPresent:
        ++counts.duplicates;
        continue;
      case WindowKeys::Added::kFull:
        ++counts.window_full;
        continue;
      case WindowKeys::Added::kNew:
        break;
    }
    Row& row = rows_.emplace_back(Row{.package_id = known.package_id, .version = &d.version});
    std::copy(key.begin(), key.end(), row.key.begin());
  }
}

std::string DedupeKey(std::string_view ip_hash, int64_t package_id, std::string_view version,
                      std::string_view user_agent_hash) {
  std::string input;
  input.reserve(ip_hash.size() + 20 + version.size() + user_agent_hash.size());
  input.append(ip_hash).append(std::to_string(package_id)).append(version).append(user_agent_hash);
  return base::Sha256Raw(input).substr(0, kDedupeKeyBytes);
}

}  // namespace wpp::telemetry
