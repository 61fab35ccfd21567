// The SVN mirrors: HTML listings, the DAV log REPORT and PROPFIND.

#include <algorithm>

#include "base/strings.h"
#include "fake_server.h"
#include "svn.h"

namespace wpp::fakewporg {
namespace {

// Larger ranges are cut here: a REPORT without a limit over the whole
// history would otherwise build hundreds of megabytes.
constexpr int64_t kMaxLogItems = 100000;

http::Response Xml(std::string body, int status) {
  http::Response r{.status = status, .body = std::move(body)};
  r.Header("Content-Type", "text/xml; charset=\"utf-8\"");
  return r;
}

http::Response DavError(int status, const std::string& message) {
  return Xml(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\" "
      "xmlns:m=\"http://apache.org/dav/xmlns\" xmlns:C=\"svn:\">\n"
      "<C:error/>\n<m:human-readable errcode=\"160006\">\n" +
          message + "\n</m:human-readable>\n</D:error>\n",
      status);
}

// Splits "akismet/tags/1.0" into parts, dropping empty ones.
std::vector<std::string> Parts(const std::string& path) {
  std::vector<std::string> parts;
  for (std::string& part : base::Split(path, '/')) {
    if (!part.empty()) {
      parts.push_back(std::move(part));
    }
  }
  return parts;
}

std::string JoinPath(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    out += "/" + part;
  }
  return out;
}

std::vector<std::string> SortedTagNames(const Package& p) {
  std::vector<std::string> names;
  for (const VersionTag& tag : p.tags) {
    names.push_back(tag.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::string FakeWporg::HrefBase(RepoType type) const {
  return type == RepoType::kPlugin ? kPluginsSvnPrefix : kThemesSvnPrefix;
}

const std::string& FakeWporg::ListingEntriesOf(RepoType type) {
  const int i = static_cast<int>(type);
  std::call_once(listing_once_[i], [this, type, i] {
    const Repo& repo = corpus_.repo(type);
    std::vector<std::string> names;
    names.reserve(repo.size());
    for (uint32_t id : repo.Sorted()) {
      names.push_back(repo.Slug(id));
    }
    listing_entries_[i] = ListingEntries(names);
  });
  return listing_entries_[i];
}

http::Response FakeWporg::Listing(RepoType type, const std::string& rest) {
  ++counters_[kListing];
  const int64_t now = timeline_.Now();
  const int64_t at = timeline_.ListingTime(now);
  const int64_t revision = timeline_.Head(type, at);
  const std::vector<std::string> parts = Parts(rest);
  if (parts.empty()) {
    return http::Response::Html(RenderListing(revision, "/", ListingEntriesOf(type), false));
  }
  const auto id = corpus_.repo(type).Find(parts[0]);
  if (!id || parts.size() > 2) {
    return http::Response::NotFound();
  }
  const Package p = timeline_.View(type, *id, at);
  std::vector<std::string> names;
  if (type == RepoType::kPlugin && parts.size() == 1) {
    names = {"assets", "branches", "tags", "trunk"};
  } else if ((type == RepoType::kPlugin && parts[1] == "tags") ||
             (type == RepoType::kTheme && parts.size() == 1)) {
    names = SortedTagNames(p);
  } else {
    return http::Response::NotFound();
  }
  return http::Response::Html(
      RenderListing(revision, JoinPath(parts), ListingEntries(names), true));
}

http::Response FakeWporg::Report(RepoType type, const http::Request& request) {
  ++counters_[kReport];
  auto parsed = ParseLogRequest(request.body);
  if (!parsed) {
    return DavError(400, parsed.error().message());
  }
  const LogRequest& log = *parsed;
  const int64_t now = timeline_.Now();
  const int64_t head = timeline_.Head(type, now);
  if (std::max(log.start, log.end) > head) {
    return DavError(500, "No such revision " + std::to_string(std::max(log.start, log.end)));
  }
  // A lagging replica answers only what it has replicated so far.
  const int64_t replica_head = timeline_.Head(type, timeline_.ReportTime(now));
  const int64_t step = log.start >= log.end ? -1 : 1;
  const int64_t limit = log.limit > 0 ? std::min(log.limit, kMaxLogItems) : kMaxLogItems;
  const Repo& repo = corpus_.repo(type);
  const std::vector<Commit> commits =
      timeline_.Commits(type, std::min(log.start, log.end), std::max(log.start, log.end));
  std::string out = LogReportHead();
  int64_t emitted = 0;
  for (int64_t rev = log.start; emitted < limit && rev != log.end + step; rev += step) {
    if (rev < 1 || rev > replica_head) {
      continue;
    }
    if (rev <= repo.clock().head) {
      AppendLogItem(out, repo.HistoryItem(rev), log.discover_changed_paths);
    } else {
      const int64_t index = commits.empty() ? -1 : rev - commits.front().revision;
      if (index < 0 || index >= static_cast<int64_t>(commits.size())) {
        continue;
      }
      const Commit& c = commits[static_cast<size_t>(index)];
      AppendLogItem(out, CommitLogItem(c, repo.Slug(c.id)), log.discover_changed_paths);
    }
    ++emitted;
  }
  return Xml(out + LogReportTail(), 200);
}

// Subversion's HTTP protocol v2 capabilities exchange. The youngest revision
// is the one the REPORT side shows now (its lag, and with --lagging
// alternate every second answer lagging), so a client polling it sees
// what its next changelog REPORT would return.
http::Response FakeWporg::Options(RepoType type) {
  ++counters_[kOptions];
  const int64_t now = timeline_.Now();
  const int64_t youngest = timeline_.Head(type, timeline_.ReportTime(now));
  const std::string root = HrefBase(type);
  http::Response r =
      Xml("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:options-response xmlns:D=\"DAV:\">\n"
          "<D:activity-collection-set><D:href>" +
              root + "/!svn/act/</D:href></D:activity-collection-set></D:options-response>\n",
          200);
  r.Header("DAV", "1,2");
  r.Header("DAV", "http://subversion.tigris.org/xmlns/dav/svn/depth");
  r.Header("SVN-Youngest-Rev", std::to_string(youngest));
  r.Header("SVN-Repository-Root", root);
  r.Header("SVN-Me-Resource", root + "/!svn/me");
  r.Header("SVN-Rev-Root-Stub", root + "/!svn/rvr");
  r.Header("Allow",
           "OPTIONS,GET,HEAD,POST,DELETE,TRACE,PROPFIND,PROPPATCH,COPY,MOVE,LOCK,UNLOCK,CHECKOUT");
  return r;
}

http::Response FakeWporg::Propfind(RepoType type, const http::Request& request) {
  ++counters_[kPropfind];
  const std::string depth = base::ToLower(request.Header("depth"));
  if (depth != "0" && depth != "1") {
    return DavError(403, "PROPFIND requests with a Depth of \"infinity\" are not allowed");
  }
  const std::vector<std::string> parts =
      Parts(request.params.count("*") != 0 ? request.params.at("*") : std::string());
  const size_t tag_at = type == RepoType::kPlugin ? 2 : 1;
  const bool shape_ok = type == RepoType::kPlugin
                            ? (parts.size() == 2 || parts.size() == 3) && parts[1] == "tags"
                            : parts.size() == 1 || parts.size() == 2;
  const auto id = shape_ok ? corpus_.repo(type).Find(parts[0]) : std::nullopt;
  if (!id) {
    return DavError(404, "Could not find the requested SVN filesystem");
  }
  const int64_t now = timeline_.Now();
  const Package p = timeline_.View(type, *id, timeline_.ListingTime(now));
  const std::string tag = parts.size() > tag_at ? parts[tag_at] : std::string();
  if (!tag.empty() && std::none_of(p.tags.begin(), p.tags.end(),
                                   [&](const VersionTag& t) { return t.name == tag; })) {
    return DavError(404, "Could not find the requested SVN filesystem");
  }
  return Xml(RenderPropfind(p, HrefBase(type), tag, depth == "1" ? 1 : 0), 207);
}

}  // namespace wpp::fakewporg
