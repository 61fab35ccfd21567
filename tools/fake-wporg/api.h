// The plugin and theme info APIs (docs/behaviour.md §2.2–§2.4): which fields a request
// asks for, and the JSON bodies of success, closed and not-found answers.

#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "package.h"

namespace wpp::fakewporg {

enum class Field : uint8_t {
  kAuthor,
  kAuthorProfile,
  kContributors,
  kRequires,
  kTested,
  kRequiresPhp,
  kRating,
  kRatings,
  kNumRatings,
  kSupportThreads,
  kActiveInstalls,
  kDownloaded,
  kLastUpdated,
  kAdded,
  kHomepage,
  kSections,
  kShortDescription,
  kDescription,
  kDownloadLink,
  kTags,
  kVersions,
  kDonateLink,
  kBanners,
  kIcons,
  kPreviewUrl,
  kScreenshotUrl,
  kCount,
};

// The fields an answer carries: the type's defaults, changed by each
// `request[fields][<name>]=true|false|1|0` query argument.
class FieldSet {
 public:
  static FieldSet Parse(RepoType type, const std::multimap<std::string, std::string>& query);
  bool Has(Field f) const { return (bits_ >> static_cast<unsigned>(f)) & 1U; }

 private:
  uint32_t bits_ = 0;
};

// A successful info answer. `base` is the fake's own URL (download links).
std::string RenderInfo(const Package& p, const FieldSet& fields, const std::string& base);
// The closure payload (served with HTTP 404).
std::string RenderClosure(const Package& p);
// {"error":"Plugin not found.","slug":…} (served with HTTP 404).
std::string RenderNotFound(RepoType type, const std::string& slug);

}  // namespace wpp::fakewporg
