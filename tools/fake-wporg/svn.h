// What the fake's SVN mirrors say (docs/behaviour.md §2.6–§2.8): HTML directory
// listings, the DAV log REPORT (request parsing and the S:log-report
// answer) and PROPFIND multistatus answers for version folders.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "log_item.h"
#include "package.h"
#include "timeline.h"

namespace wpp::fakewporg {

// The HTML page of one folder: "<title> - Revision N: /path</title>", one
// `<li><a href="name/">name/</a></li>` line per entry; `entries` is the
// pre-rendered list (see ListingEntries).
std::string RenderListing(int64_t revision, std::string_view path, std::string_view entries,
                          bool parent_link);
// The `<li>` lines for folder names (sorted by the caller).
std::string ListingEntries(const std::vector<std::string>& names);

struct LogRequest {
  int64_t start = 0;  // start-revision (the newer end when newest-first).
  int64_t end = 0;    // end-revision.
  int64_t limit = 0;  // 0: no limit.
  bool discover_changed_paths = false;
};

// Parses an S:log-report request body. Errors: kInvalidArgument when the
// body is not a log-report or a revision is missing or not a number.
base::Result<LogRequest> ParseLogRequest(std::string_view body);

std::string LogReportHead();
std::string LogReportTail();
void AppendLogItem(std::string& out, const LogItem& item, bool with_paths);
// The log entry of a release published by the timeline.
LogItem CommitLogItem(const Commit& commit, const std::string& slug);

// PROPFIND answer (207 body) for a package's version-tag folder (`tag`
// empty) or for one tag folder. `href_base` is the path prefix of the
// repository ("/plugins-svn"). With depth 1 the tag folder lists each tag.
std::string RenderPropfind(const Package& p, std::string_view href_base, std::string_view tag,
                           int depth);

}  // namespace wpp::fakewporg
