// AdvisoryStore: the one writer of `advisories` and `advisory_feed`
// (migration 009), and the reads of the advisories API and package pages
// (docs/behaviour.md §20). Borrows one Database; not thread-safe.

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "advisories/advisory.h"
#include "base/result.h"
#include "db/database.h"

namespace wpp::advisories {

struct ReplaceCounts {
  int64_t added = 0;
  int64_t changed = 0;
  int64_t removed = 0;
  int64_t unchanged = 0;
  int64_t duplicates = 0;               // The same advisory of the same package twice: first kept.
  std::vector<std::string> packages{};  // Packages whose advisories changed, sorted.
};

struct FeedState {
  std::string url{};
  std::string etag{};
  std::string last_modified{};
  std::string fetched_at{};
  std::string checked_at{};
  int64_t records = 0;
  int64_t bad_records = 0;
};

// What the package page shows of one advisory.
struct AdvisoryView {
  std::string advisory_id{};
  std::string title{};
  std::string link{};
  std::string cve{};
  std::string affected_versions{};
  std::string reported_at{};
  std::string severity{};
  std::string source{};  // "feed" or "closure"
};

class AdvisoryStore {
 public:
  explicit AdvisoryStore(db::Database& db) : db_(db) {}

  // Makes the stored advisories of `source` exactly `advisories`, in one
  // transaction: new ones added, changed ones rewritten (updated_at = now),
  // missing ones deleted, equal ones untouched.
  base::Result<ReplaceCounts> Replace(Source source, const std::vector<Advisory>& advisories,
                                      int64_t now_unix);

  // The advisories of packages closed by WordPress.org for a security issue
  // (docs/behaviour.md §20.3), from `packages`.
  base::Result<std::vector<Advisory>> SecurityClosures();

  // Nullopt when the feed was never fetched.
  base::Result<std::optional<FeedState>> LoadFeedState();
  base::Status SaveFeedState(const FeedState& state);

  // The published JSON objects of each named package that is known here
  // (active or closed), [] when it has none; names not known are left out.
  // `updated_since` > 0 keeps advisories changed at or after it (Unix
  // seconds). With no names, every package with such an advisory.
  base::Result<std::map<std::string, std::vector<std::string>>> ForPackages(
      const std::vector<std::string>& names, int64_t updated_since);

  // One package's advisories, newest first (package pages).
  base::Result<std::vector<AdvisoryView>> ForPackage(const std::string& package_name);

  // Every constraint stored (the PHP check of tests/composer).
  base::Result<int64_t> Count();

 private:
  db::Database& db_;
};

}  // namespace wpp::advisories
