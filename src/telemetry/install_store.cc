#include "telemetry/install_store.h"

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
  if (base::StartsWith(sent, "dev-")) {
    return true;
  }
  try {
    const auto versions = nlohmann::json::parse(versions_json);
    if (!versions.is_object()) {
      return false;
    }
    for (const auto& [version, url] : versions.items()) {
      if (version == sent || version::ComposerNormalized(version) == sent) {
        return true;
      }
    }
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return false;
}

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
  WPP_ASSIGN_OR_RETURN(std::string secret, Secret());
  const std::string ip_hash = base::HmacSha256Hex(secret, client_ip);
  const std::string ua_hash = base::Sha256Hex(user_agent);
  const auto now = clock_.Now();
  const int64_t bucket = base::UnixSeconds(now) / window_seconds_;
  const std::string created_at = base::FormatRfc3339(now);
  RecordCounts counts;
  WPP_RETURN_IF_ERROR(db_.InTransaction("recording installs", [&]() -> base::Status {
    SQLite::Statement find(db_.sql(),
                           "SELECT id, versions_json FROM packages WHERE type = ? AND name = ? "
                           "AND is_active = 1");
    SQLite::Statement insert(db_.sql(),
                             "INSERT OR IGNORE INTO install_events (package_id, version, ip_hash, "
                             "user_agent_hash, dedupe_bucket, dedupe_hash, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const Download& d : downloads) {
      const auto split = base::SplitComposerName(d.name);
      if (!split) {
        ++counts.rejected;
        continue;
      }
      find.reset();
      find.bind(1, std::string(base::TypeName(split->first)));
      find.bind(2, split->second);
      if (!find.executeStep() || !IsKnownVersion(find.getColumn(1).getString(), d.version)) {
        ++counts.rejected;
        continue;
      }
      const int64_t package_id = find.getColumn(0).getInt64();
      const std::string dedupe =
          base::Sha256Hex(ip_hash + std::to_string(package_id) + d.version + ua_hash);
      insert.reset();
      insert.bind(1, package_id);
      insert.bind(2, d.version);
      insert.bind(3, ip_hash);
      insert.bind(4, ua_hash);
      insert.bind(5, bucket);
      insert.bind(6, dedupe);
      insert.bind(7, created_at);
      (insert.exec() == 1 ? counts.recorded : counts.duplicates)++;
    }
    return base::Status::Ok();
  }));
  return counts;
}

}  // namespace wpp::telemetry
