#include "telemetry/install_store.h"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "base/hash.h"
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

}  // namespace

base::Result<std::vector<Download>> ParseNotifyBatch(std::string_view body) {
  if (body.empty() || body.size() > kMaxBodyBytes) {
    return Error(ErrorCode::kDataLoss, "empty or oversized notify-batch body");
  }
  try {
    const auto doc = nlohmann::json::parse(body);
    if (!doc.is_object() || !doc.contains("downloads") || !doc["downloads"].is_array()) {
      return Error(ErrorCode::kDataLoss, "notify-batch body has no downloads array");
    }
    std::vector<Download> out;
    for (const auto& item : doc["downloads"]) {
      if (out.size() >= kMaxDownloadsPerBatch) {
        break;
      }
      if (!item.is_object()) {
        continue;
      }
      const auto name = item.value("name", nlohmann::json());
      const auto version = item.value("version", nlohmann::json());
      if (!name.is_string() || !version.is_string()) {
        continue;
      }
      Download d{name.get<std::string>(), version.get<std::string>()};
      if (!d.name.empty() && !d.version.empty()) {
        out.push_back(std::move(d));
      }
    }
    return out;
  } catch (const nlohmann::json::exception& e) {
    return Error(ErrorCode::kDataLoss, std::string("notify-batch body: ") + e.what());
  }
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
             "AND is_active = 1"),
        insert(sql,
               "INSERT OR IGNORE INTO install_events (package_id, version, ip_hash, "
               "user_agent_hash, dedupe_bucket, dedupe_hash, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)") {}
  SQLite::Statement find;
  SQLite::Statement insert;
};

InstallStore::~InstallStore() = default;

InstallStore::InstallStore(db::Database& db, base::Clock& clock, std::string secret,
                           int window_seconds)
    : db_(db),
      clock_(clock),
      secret_(std::move(secret)),
      window_seconds_(window_seconds > 0 ? window_seconds : 3600) {}

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
  WPP_RETURN_IF_ERROR(db_.InTransaction("recording installs", [&]() -> base::Status {
    if (!statements_) {
      statements_ = std::make_unique<Statements>(db_.sql());
    }
    for (const Batch& batch : batches) {
      RecordOne(batch, bucket, created_at, counts);
    }
    return base::Status::Ok();
  }));
  return counts;
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
    find.reset();
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

void InstallStore::RecordOne(const Batch& batch, int64_t bucket, const std::string& created_at,
                             RecordCounts& counts) {
  const std::string ip_hash = base::HmacSha256Hex(secret_, batch.client_ip);
  const std::string ua_hash = base::Sha256Hex(batch.user_agent);
  SQLite::Statement& insert = statements_->insert;
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
    const std::string dedupe =
        base::Sha256Hex(ip_hash + std::to_string(known.package_id) + d.version + ua_hash);
    insert.reset();
    insert.bind(1, known.package_id);
    insert.bind(2, d.version);
    insert.bind(3, ip_hash);
    insert.bind(4, ua_hash);
    insert.bind(5, bucket);
    insert.bind(6, dedupe);
    insert.bind(7, created_at);
    (insert.exec() == 1 ? counts.recorded : counts.duplicates)++;
  }
}

}  // namespace wpp::telemetry
