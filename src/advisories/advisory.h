// Security advisories as this repository publishes them
// (docs/behaviour.md §20): one advisory of one package, the version ranges of a feed record and
// their Composer constraint, and the advisory's JSON object as it appears in
// p2 files and in the advisories API.

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wpp::advisories {

// Where an advisory comes from.
enum class Source { kFeed, kClosure };
std::string_view SourceName(Source source);  // "feed" or "closure"

struct Advisory {
  std::string advisory_id{};   // "WF-<feed id>", "WPORG-CLOSED-<type>-<slug>"
  std::string package_name{};  // "wp-plugin/<slug>"
  Source source = Source::kFeed;
  std::string title{};
  std::string link{};               // Empty: null.
  std::string cve{};                // Empty: null.
  std::string affected_versions{};  // A Composer constraint.
  std::string reported_at{};        // "YYYY-MM-DD HH:MM:SS", UTC.
  std::string severity{};           // "low", "medium", "high", "critical"; empty: null.
  std::string source_name{};        // sources[0].name: "Wordfence", "WordPress.org".
  std::string remote_id{};          // sources[0].remoteId.
  std::string copyright{};          // The feed's notice; empty: none.
  std::string license{};            // The feed's licence; empty: none.
};

// One affected_versions range of the feed; "*" is unbounded.
struct VersionRange {
  std::string from_version = "*";
  bool from_inclusive = true;
  std::string to_version = "*";
  bool to_inclusive = true;
};

// The Composer constraint of a list of ranges (docs/behaviour.md §20.2):
// ranges joined by "|", each ">=A,<B" with the bounds it has, "=V" for a
// single version, "*" when unbounded. Nullopt when a bound is not a version
// Composer accepts, or when there are no ranges.
std::optional<std::string> ToConstraint(const std::vector<VersionRange>& ranges);

// The advisory's JSON object (canonical: keys in byte order): advisoryId,
// affectedVersions, copyright and license (when known), cve, link,
// packageName, reportedAt, severity, sources [{name, remoteId}], title.
void AppendAdvisoryJson(const Advisory& advisory, std::string* out);
std::string AdvisoryJson(const Advisory& advisory);

}  // namespace wpp::advisories
