#include "base/log.h"
#include "base/strings.h"
#include "ingest/discover.h"
#include "version/version.h"

namespace wpp::ingest {
namespace {

using base::Error;
using base::ErrorCode;

constexpr int64_t kChunk = 10'000;

std::string WatermarkKey(wporg::PackageType type) {
  return "svn_revision_" + std::string(wporg::TypeName(type));
}

// Versions created in this chunk, dated by their commit (docs/behaviour.md §5.7).
std::vector<packages::TagTime> TagTimes(const wporg::Changelog& log) {
  std::vector<packages::TagTime> out;
  for (const wporg::TagCreation& tag : log.tags) {
    std::string normalized = version::Normalize(tag.tag);
    if (!normalized.empty() && normalized != version::kDevTrunk) {
      out.push_back({tag.slug, std::move(normalized), tag.date});
    }
  }
  return out;
}

base::Result<int64_t> ReadWatermark(packages::PackageStore& store, const std::string& key) {
  WPP_ASSIGN_OR_RETURN(const std::optional<std::string> stored, store.GetMeta(key));
  if (!stored || stored->empty()) {
    return int64_t{0};
  }
  const auto value = base::ParseInt(*stored);
  if (!value || *value < 0) {
    return Error(ErrorCode::kDataLoss, "malformed stored revision " + key + "=" + *stored);
  }
  return *value;
}

// Applies one chunk's changes in one transaction each; a database error
// aborts the scan without moving the watermark, so the next run rescans.
base::Status ApplyChunk(packages::PackageStore& store, wporg::PackageType type,
                        const wporg::Changelog& log, ChangelogScan* scan) {
  if (log.slugs.empty()) {
    return base::Status::Ok();
  }
  const std::string_view type_name = wporg::TypeName(type);
  WPP_ASSIGN_OR_RETURN(const int marked, store.MarkPackagesChanged(type_name, log.slugs));
  scan->marked += marked;
  const auto tags = TagTimes(log);
  WPP_ASSIGN_OR_RETURN(const int dated, store.RecordTagTimes(type_name, tags));
  scan->tag_times += dated;
  return base::Status::Ok();
}

}  // namespace

base::Result<ChangelogScan> ScanChangelog(const Env& env, wporg::Client& client,
                                          packages::PackageStore& store, wporg::PackageType type,
                                          int64_t head) {
  const std::string key = WatermarkKey(type);
  // The listing's HEAD, for the revision lag of /metrics (docs/behaviour.md §16.4).
  if (base::Status noted =
          store.SetMeta("svn_head_" + std::string(wporg::TypeName(type)), std::to_string(head));
      !noted.ok()) {
    base::log::Warn("recording SVN head failed", {{"error", noted.error().message()}});
  }
  ChangelogScan scan;
  WPP_ASSIGN_OR_RETURN(scan.from_revision, ReadWatermark(store, key));
  if (scan.from_revision == 0) {
    // First run: nothing to compare against; start from HEAD.
    WPP_RETURN_IF_ERROR(store.SetMeta(key, std::to_string(head)));
    scan.to_revision = head;
    return scan;
  }
  int64_t cursor = scan.from_revision;
  while (cursor < head && !env.stopping()) {
    const int64_t chunk_end = std::min(cursor + kChunk, head);
    auto log = client.FetchChangelog(type, cursor + 1, chunk_end);
    if (!log) {
      if (cursor > scan.from_revision) {
        WPP_RETURN_IF_ERROR(store.SetMeta(key, std::to_string(cursor)));
      }
      return std::move(log).error().Annotate("changelog " + std::to_string(cursor + 1) + "-" +
                                             std::to_string(chunk_end));
    }
    WPP_RETURN_IF_ERROR(ApplyChunk(store, type, *log, &scan));
    if (log->max_revision <= cursor) {
      break;  // The REPORT replica has nothing newer yet.
    }
    cursor = std::min(log->max_revision, chunk_end);
    if (log->max_revision < chunk_end) {
      break;  // The replica lags inside this chunk; the rest is rescanned next run.
    }
  }
  WPP_RETURN_IF_ERROR(store.SetMeta(key, std::to_string(cursor)));
  scan.to_revision = cursor;
  return scan;
}

}  // namespace wpp::ingest
