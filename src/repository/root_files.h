// The two root documents of a build: packages.json, which Composer reads
// first (docs/behaviour.md §6.5; docs/decisions.md §3), and manifest.json, which
// describes the build and is written last (docs/behaviour.md §7.5).

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wpp::repository {

// packages.json. Without `app_url`, the embedded template: pretty-printed,
// relative URLs, trailing newline. With it, canonical JSON in which
// notify-batch, metadata-changes-url, search and list are absolute
// (`app_url` without its trailing '/' + path), since they are answered by
// the app, not the CDN that serves the files. metadata-url stays relative.
std::string RenderPackagesJson(std::string_view app_url);

struct Manifest {
  int64_t artifact_count = 0;  // p2 files + packages.json.
  std::string build_id{};
  std::string base_build{};  // Build whose files were reused; empty when none.
  // Every blob the index names was known to match its name when the build
  // completed (docs/behaviour.md §7.6). Written as "blobs_verified":true.
  bool blobs_verified = false;
  int64_t snapshot_id = 0;  // Written as db_snapshot_id when positive.
  // The change-log position the build's index reflects and the hash of the
  // inputs shared by every package (docs/behaviour.md §7.8). Written when
  // change_seq >= 0.
  int64_t change_seq = -1;
  std::string inputs_hash{};
  int64_t duration_seconds = 0;
  std::string finished_at{};
  std::string started_at{};
  int64_t packages_changed = 0;
  int64_t packages_deleted = 0;
  int64_t packages_reused = 0;  // Packages whose files were linked, not written.
  int64_t packages_total = 0;
  std::string root_hash{};  // SHA-256 hex of packages.json.
};

// Canonical JSON of the manifest.
std::string RenderManifest(const Manifest& manifest);

// Whether a manifest RenderManifest wrote says blobs_verified.
bool ManifestVouchesForBlobs(std::string_view manifest_json);

// change_seq and inputs_hash of a manifest RenderManifest wrote; nullopt
// when it has none.
struct ChangeLogMark {
  int64_t change_seq = 0;
  std::string inputs_hash{};
};
std::optional<ChangeLogMark> ManifestChangeLog(std::string_view manifest_json);

}  // namespace wpp::repository
