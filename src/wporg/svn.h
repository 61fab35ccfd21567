// Parsers for WordPress.org's Subversion server: the HTML directory listing
// (docs/behaviour.md §2.6), the DAV log REPORT (docs/behaviour.md §2.7) and PROPFIND answers
// that date a package's tag folders (docs/behaviour.md §2.8). Pure functions over bytes;
// XML is read with expat.

#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "wporg/types.h"

namespace wpp::wporg {

// The HEAD revision named on a listing line ("<title> - Revision 3483213: /"),
// or 0 when the line has none.
int64_t ExtractRevision(std::string_view line);

// The slug of the first `<a href="…">` on a listing line, without one
// trailing `/`; empty for lines without an anchor and for `..`, `!svn…` and
// empty names.
std::string_view ExtractListingEntry(std::string_view line);

struct ListingStats {
  int64_t head_revision = 0;
  int64_t entries = 0;
  bool stopped = false;  // `on_entry` asked to stop.
};

// Walks a listing line by line. `on_entry` gets each slug in order and
// returns false to stop early (a limit). `cancel`, when set, is checked per
// line; a cancelled walk returns kUnavailable ("cancelled").
base::Result<ListingStats> ParseListing(std::string_view body,
                                        const std::function<bool(std::string_view)>& on_entry,
                                        const std::atomic<bool>* cancel = nullptr);

// A tag folder created by a commit: `/slug/tags/X` for plugins, `/slug/X`
// for themes, added as a directory.
struct TagCreation {
  std::string slug{};
  std::string tag{};   // The raw folder name.
  std::string date{};  // RFC 3339 commit date.
  int64_t revision = 0;
};

struct Changelog {
  std::map<std::string, int64_t> slugs{};  // Slug → highest revision touching it.
  int64_t max_revision = 0;                // Highest revision of any log item.
  std::vector<TagCreation> tags{};         // One per (slug, tag): the oldest creation.
};

// The package slug of a repository path: `/akismet/trunk/x.php` → `akismet`;
// empty for `/`, `` and `..`.
std::string_view SlugFromPath(std::string_view path);

// Deletes bytes below 0x20 other than TAB, LF and CR (old commit messages
// hold such bytes, which XML forbids) and repairs invalid UTF-8.
std::string SanitizeXml(std::string_view xml);
// The same, returning `xml` itself when it is already clean (the common
// case) and otherwise the sanitised copy held in `storage`.
std::string_view SanitizeXml(std::string_view xml, std::string* storage);

// Parses a log-report body (sanitising it first). Errors: kDataLoss when
// the XML is malformed.
base::Result<Changelog> ParseLogReport(std::string_view xml, PackageType type);

// One child folder of a PROPFIND depth-1 answer.
struct DavEntry {
  std::string name{};  // Last path segment, percent-decoded.
  std::string date{};  // RFC 3339 (creationdate, else getlastmodified).
};

// Parses a PROPFIND multistatus answer for the folder at URL path
// `folder_path` (e.g. "/akismet/tags/"), skipping the folder itself and
// children without a readable date. Errors: kDataLoss for malformed XML.
base::Result<std::vector<DavEntry>> ParsePropfind(std::string_view xml,
                                                  std::string_view folder_path);

}  // namespace wpp::wporg
