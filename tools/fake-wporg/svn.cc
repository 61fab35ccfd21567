#include "svn.h"

#include "base/strings.h"
#include "base/text.h"
#include "format.h"

namespace wpp::fakewporg {
namespace {

using base::Error;
using base::ErrorCode;

// The text of the first element whose name ends in `local` ("S:limit").
std::optional<std::string_view> ElementText(std::string_view body, std::string_view local) {
  const std::string open = ":" + std::string(local) + ">";
  size_t at = body.find(open);
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  at += open.size();
  const size_t close = body.find('<', at);
  if (close == std::string_view::npos) {
    return std::nullopt;
  }
  return base::Trim(body.substr(at, close - at));
}

std::string PathElement(const ChangedPath& path) {
  const char* name = "modified-path";
  switch (path.action) {
    case 'A':
      name = "added-path";
      break;
    case 'D':
      name = "deleted-path";
      break;
    case 'R':
      name = "replaced-path";
      break;
    default:
      break;
  }
  std::string out =
      std::string("<S:") + name + " node-kind=\"" + (path.is_dir ? "dir" : "file") + "\"";
  if (!path.copyfrom_path.empty()) {
    out += " copyfrom-path=\"" + base::XmlEscapeKeepApostrophe(path.copyfrom_path) +
           "\" copyfrom-rev=\"" + std::to_string(path.copyfrom_revision) + "\"";
  }
  out += path.action == 'A' ? " text-mods=\"false\"" : " text-mods=\"true\"";
  out += " prop-mods=\"false\">" + base::XmlEscapeKeepApostrophe(path.path) + "</S:" + name + ">\n";
  return out;
}

void AppendPropResponse(std::string& out, const std::string& href, int64_t ms, int64_t revision,
                        const std::string& etag_path) {
  out += "<D:response xmlns:lp1=\"DAV:\">\n<D:href>" + base::XmlEscapeKeepApostrophe(href) +
         "</D:href>\n";
  out += "<D:propstat>\n<D:prop>\n<lp1:resourcetype><D:collection/></lp1:resourcetype>\n";
  out += "<lp1:getcontenttype>text/html; charset=UTF-8</lp1:getcontenttype>\n";
  out += "<lp1:getetag>W/\"" + std::to_string(revision) + "//" +
         base::XmlEscapeKeepApostrophe(etag_path) + "\"</lp1:getetag>\n";
  out += "<lp1:creationdate>" + FormatSvnDate(ms) + "</lp1:creationdate>\n";
  out += "<lp1:getlastmodified>" + FormatHttpDate(ms) + "</lp1:getlastmodified>\n";
  out += "<lp1:version-name>" + std::to_string(revision) + "</lp1:version-name>\n";
  out += "<lp1:creator-displayname>committer</lp1:creator-displayname>\n";
  out += "</D:prop>\n<D:status>HTTP/1.1 200 OK</D:status>\n</D:propstat>\n</D:response>\n";
}

}  // namespace

std::string RenderListing(int64_t revision, std::string_view path, std::string_view entries,
                          bool parent_link) {
  const std::string title = " - Revision " + std::to_string(revision) + ": " + std::string(path);
  std::string out;
  out.reserve(entries.size() + 512);
  out +=
      "<html><head><title>" + title + "</title></head>\n<body>\n <h2>" + title + "</h2>\n <ul>\n";
  if (parent_link) {
    out += "  <li><a href=\"../\">..</a></li>\n";
  }
  out += entries;
  out += " </ul>\n <hr noshade><em>Powered by Subversion version 1.14.2 (r1899510).</em>\n";
  out += "</body></html>\n";
  return out;
}

std::string ListingEntries(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    const std::string href = base::PercentEncode(name);
    out +=
        "  <li><a href=\"" + href + "/\">" + base::XmlEscapeKeepApostrophe(name) + "/</a></li>\n";
  }
  return out;
}

base::Result<LogRequest> ParseLogRequest(std::string_view body) {
  if (body.find("log-report") == std::string_view::npos) {
    return Error(ErrorCode::kInvalidArgument, "the REPORT body is not an S:log-report");
  }
  LogRequest request;
  const auto start = ElementText(body, "start-revision");
  const auto end = ElementText(body, "end-revision");
  if (!start || !end) {
    return Error(ErrorCode::kInvalidArgument, "start-revision or end-revision is missing");
  }
  request.start = base::ParseInt(*start).value_or(-1);
  request.end = base::ParseInt(*end).value_or(-1);
  if (request.start < 0 || request.end < 0) {
    return Error(ErrorCode::kInvalidArgument, "start-revision or end-revision is not a number");
  }
  if (const auto limit = ElementText(body, "limit")) {
    request.limit = base::ParseInt(*limit).value_or(0);
  }
  request.discover_changed_paths = body.find("discover-changed-paths") != std::string_view::npos;
  return request;
}

std::string LogReportHead() {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<S:log-report xmlns:S=\"svn:\" xmlns:D=\"DAV:\">\n";
}

std::string LogReportTail() {
  return "</S:log-report>\n";
}

void AppendLogItem(std::string& out, const LogItem& item, bool with_paths) {
  out += "<S:log-item>\n<D:version-name>" + std::to_string(item.revision) + "</D:version-name>\n";
  out += "<D:creator-displayname>" + base::XmlEscapeKeepApostrophe(item.author) +
         "</D:creator-displayname>\n";
  out += "<S:date>" + FormatSvnDate(item.time_ms) + "</S:date>\n";
  out += "<D:comment>" + base::XmlEscapeKeepApostrophe(item.comment) + "</D:comment>\n";
  if (with_paths) {
    for (const ChangedPath& path : item.paths) {
      out += PathElement(path);
    }
  }
  out += "</S:log-item>\n";
}

LogItem CommitLogItem(const Commit& commit, const std::string& slug) {
  LogItem item{.revision = commit.revision,
               .time_ms = commit.time_ms,
               .author = "committer" + std::to_string(commit.id % 5000),
               .comment = "Tagging version " + commit.version,
               .paths = {}};
  const std::string root = "/" + slug;
  if (commit.type == RepoType::kPlugin) {
    item.paths.push_back(ChangedPath{.action = 'A',
                                     .is_dir = true,
                                     .path = root + "/tags/" + commit.version,
                                     .copyfrom_path = root + "/trunk",
                                     .copyfrom_revision = commit.revision - 1});
    item.paths.push_back(
        ChangedPath{.action = 'M', .is_dir = false, .path = root + "/trunk/readme.txt"});
    item.paths.push_back(
        ChangedPath{.action = 'M', .is_dir = false, .path = root + "/trunk/" + slug + ".php"});
  } else {
    const std::string folder = root + "/" + commit.version;
    item.paths.push_back(ChangedPath{.action = 'A', .is_dir = true, .path = folder});
    item.paths.push_back(
        ChangedPath{.action = 'A', .is_dir = false, .path = folder + "/style.css"});
  }
  return item;
}

std::string RenderPropfind(const Package& p, std::string_view href_base, std::string_view tag,
                           int depth) {
  const std::string folder = TagsFolder(p);
  const std::string folder_href = std::string(href_base) + "/" + folder + "/";
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<D:multistatus xmlns:D=\"DAV:\" xmlns:ns0=\"DAV:\">\n";
  if (!tag.empty()) {
    for (const VersionTag& t : p.tags) {
      if (t.name == tag) {
        AppendPropResponse(out, folder_href + base::PercentEncode(t.name) + "/", t.published_ms,
                           t.revision, folder + "/" + t.name);
      }
    }
    return out + "</D:multistatus>\n";
  }
  const int64_t newest_ms = p.tags.empty() ? p.last_updated_ms : p.tags.back().published_ms;
  const int64_t newest_rev = p.tags.empty() ? p.last_revision : p.tags.back().revision;
  AppendPropResponse(out, folder_href, newest_ms, newest_rev, folder);
  if (depth >= 1) {
    for (const VersionTag& t : p.tags) {
      AppendPropResponse(out, folder_href + base::PercentEncode(t.name) + "/", t.published_ms,
                         t.revision, folder + "/" + t.name);
    }
  }
  return out + "</D:multistatus>\n";
}

}  // namespace wpp::fakewporg
