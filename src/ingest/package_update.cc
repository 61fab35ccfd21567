#include "ingest/package_update.h"

#include "packages/versions_json.h"
#include "version/version.h"

namespace wpp::ingest {
namespace {

using packages::UpdateWrite;
using wporg::Availability;

void MapInfo(const wporg::PackageInfo& info, packages::PackageRow* row) {
  row->display_name = info.display_name;
  row->description = info.description;
  row->author = info.author;
  row->homepage = info.homepage;
  row->wporg_version = info.version;
  row->current_version = info.version;
  row->downloads = info.downloads;
  row->active_installs = info.active_installs;
  row->num_ratings = info.num_ratings;
  row->rating = info.rating;
  row->last_committed = info.last_updated;
}

// PROPFIND is one extra request, so it is made only on a package's first
// sync (no versions stored, or none dated yet); later versions are dated by
// the changelog or when first seen.
bool NeedsFolderDates(const packages::StoredPackage& stored, const StoredVersions& fresh) {
  if (stored.recorded_versions > 0 && stored.versions_json != "{}") {
    return false;
  }
  for (const auto& [version, url] : fresh.versions) {
    if (version != version::kDevTrunk) {
      return true;
    }
  }
  return false;
}

// Versions the stored row already lists were dated when they first appeared;
// re-inserting them would be ignored anyway, so skip the work. Stored keys
// are canonical JSON, and versions need no escaping, so `"<v>":` can only
// match a key.
void DropRecorded(const packages::StoredPackage& stored,
                  std::vector<packages::VersionTime>* times) {
  if (stored.recorded_versions == 0) {
    return;
  }
  std::string key;
  std::erase_if(*times, [&](const packages::VersionTime& t) {
    key.assign("\"").append(t.version).append("\":");
    return stored.versions_json.find(key) != std::string::npos;
  });
}

PackageOutcome Closed(const packages::StoredPackage& stored, Availability availability) {
  PackageOutcome out;
  const bool permanent = availability == Availability::kClosedPermanent;
  out.kind = permanent ? PackageOutcome::Kind::kTombstoned : PackageOutcome::Kind::kDeactivated;
  out.write.kind = permanent ? UpdateWrite::Kind::kTombstone : UpdateWrite::Kind::kDeactivate;
  out.write.row.type = stored.type;
  out.write.row.name = stored.name;
  return out;
}

}  // namespace

StoredVersions NormalizeAndStore(const wporg::PackageInfo& info) {
  StoredVersions out;
  if (info.versions.empty()) {
    return out;
  }
  out.versions = version::NormalizeVersions(info.versions);
  if (info.version) {
    out.versions = version::FilterNewerThan(out.versions, *info.version, &out.pending_stable);
  }
  out.versions_json = packages::CanonicalVersionsJson(out.versions);
  std::string latest = version::Latest(out.versions);
  if (!latest.empty()) {
    out.latest = std::move(latest);
  }
  return out;
}

std::vector<packages::VersionTime> VersionTimes(const std::map<std::string, std::string>& versions,
                                                const std::vector<wporg::DavEntry>* folders,
                                                const std::string& now) {
  std::map<std::string, std::string> dated;  // Normalised version → earliest folder date.
  if (folders != nullptr) {
    for (const wporg::DavEntry& folder : *folders) {
      // Most folders are named exactly as their normalised version.
      std::string normalized =
          versions.contains(folder.name) ? folder.name : version::Normalize(folder.name);
      auto [it, inserted] = dated.emplace(std::move(normalized), folder.date);
      if (!inserted && folder.date < it->second) {
        it->second = folder.date;
      }
    }
  }
  std::vector<packages::VersionTime> out;
  out.reserve(versions.size());
  for (const auto& [version, url] : versions) {
    if (version == version::kDevTrunk) {
      continue;
    }
    auto it = dated.find(version);
    if (it != dated.end()) {
      out.push_back({version, it->second, "svn"});
    } else {
      out.push_back({version, now, "mirror"});
    }
  }
  return out;
}

PackageOutcome UpdatePackage(wporg::Client& client, base::Clock& clock,
                             const packages::StoredPackage& stored, int64_t run_id) {
  PackageOutcome out;
  const auto type = wporg::ParseType(stored.type).value_or(wporg::PackageType::kPlugin);
  auto fetched = client.FetchInfo(type, stored.name);
  if (!fetched) {
    out.malformed = fetched.error().code() == base::ErrorCode::kDataLoss;
    out.error = fetched.error().message();
    return out;
  }
  if (fetched->availability != Availability::kAvailable) {
    // Only the API's own answer may close a package (an empty or HTML 404
    // is already an error, docs/behaviour.md §2.3), and a repaired body may
    // have lost the words that decided (docs/behaviour.md §5.3).
    if (fetched->had_invalid_utf8) {
      out.invalid_utf8 = true;
      out.error = "invalid UTF-8 in a closure answer";
      return out;
    }
    return Closed(stored, fetched->availability);
  }
  const auto now = clock.Now();
  const std::string now_text = base::FormatRfc3339(now);
  StoredVersions fresh = NormalizeAndStore(fetched->info);
  packages::PackageRow& row = out.write.row;
  row.type = stored.type;
  row.name = stored.name;  // The requested slug, whatever the answer says (docs/decisions.md §26).
  MapInfo(fetched->info, &row);
  if (fresh.latest) {
    row.current_version = fresh.latest;
  }
  row.content_hash = packages::ContentHash(fresh.versions_json, stored.trunk_revision);
  if (stored.content_hash != row.content_hash) {
    row.content_changed_at = now_text;
  }
  row.last_sync_run_id = run_id;
  out.changed = fresh.versions_json != stored.versions_json;
  out.decision = DecideSync(out.changed, fresh.pending_stable, type == wporg::PackageType::kTheme,
                            stored.last_committed, now);
  if (NeedsFolderDates(stored, fresh)) {
    auto folders = client.FetchTagFolders(type, stored.name);
    if (folders) {
      row.version_times = VersionTimes(fresh.versions, &*folders, now_text);
    } else {
      out.times_pending = true;  // Stay dirty so the next run dates them.
    }
  } else {
    row.version_times = VersionTimes(fresh.versions, nullptr, now_text);
    DropRecorded(stored, &row.version_times);
  }
  if (out.decision != SyncDecision::kRetry && !out.times_pending) {
    row.last_synced_at = now_text;
  }
  row.versions_json = std::move(fresh.versions_json);
  out.kind = PackageOutcome::Kind::kUpdated;
  out.invalid_utf8 = fetched->had_invalid_utf8;
  return out;
}

}  // namespace wpp::ingest
