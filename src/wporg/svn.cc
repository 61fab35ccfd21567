#include "wporg/svn.h"

#include <expat.h>
#include <simdjson.h>

#include <memory>

#include "base/strings.h"
#include "wporg/dates.h"

namespace wpp::wporg {
namespace {

using base::Error;
using base::ErrorCode;

// Element and attribute names without their namespace prefix ("D:href" →
// "href"). The parser runs without namespace processing: resolving the
// `xmlns:lp1` declaration that mod_dav_svn repeats on every PROPFIND
// response costs more than the rest of the parse, and local names are
// unambiguous in these documents.
std::string_view LocalName(const XML_Char* name) {
  const std::string_view full(name);
  const size_t colon = full.rfind(':');
  return colon == std::string_view::npos ? full : full.substr(colon + 1);
}

std::string_view Attribute(const XML_Char** attrs, std::string_view local) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    if (LocalName(attrs[i]) == local) {
      return attrs[i + 1];
    }
  }
  return {};
}

// Receives expat's events; parse state lives in the subclass.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // Returns whether the element's text is wanted (only then is it kept).
  virtual bool Start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void End(std::string_view name) = 0;

  std::string text;      // Character data of the current wanted element.
  bool capture = false;  // Whether character data is being kept.
};

void XMLCALL OnStart(void* user, const XML_Char* name, const XML_Char** attrs) {
  auto* h = static_cast<XmlHandler*>(user);
  h->text.clear();
  h->capture = h->Start(LocalName(name), attrs);
}
void XMLCALL OnEnd(void* user, const XML_Char* name) {
  auto* h = static_cast<XmlHandler*>(user);
  h->End(LocalName(name));
  h->text.clear();
  h->capture = false;
}
void XMLCALL OnText(void* user, const XML_Char* s, int len) {
  auto* h = static_cast<XmlHandler*>(user);
  if (h->capture) {
    h->text.append(s, static_cast<size_t>(len));
  }
}

using ParserPtr = std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)>;

// One expat parser per thread, reset between documents: creating one costs
// more than parsing a small PROPFIND answer.
XML_Parser ThreadParser() {
  thread_local ParserPtr parser(nullptr, &XML_ParserFree);
  if (!parser) {
    parser.reset(XML_ParserCreate(nullptr));
  } else {
    XML_ParserReset(parser.get(), nullptr);
  }
  return parser.get();
}

base::Status RunExpat(std::string_view xml, XmlHandler& handler, std::string_view what) {
  XML_Parser parser = ThreadParser();
  if (parser == nullptr) {
    return Error(ErrorCode::kInternal, "creating XML parser");
  }
  XML_SetUserData(parser, &handler);
  XML_SetElementHandler(parser, OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser, OnText);
  if (XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE) == XML_STATUS_ERROR) {
    return Error(ErrorCode::kDataLoss, std::string(what) + ": XML error at line " +
                                           std::to_string(XML_GetCurrentLineNumber(parser)) + ": " +
                                           XML_ErrorString(XML_GetErrorCode(parser)));
  }
  return base::Status::Ok();
}

std::vector<std::string_view> PathSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      slash = path.size();
    }
    if (slash > start) {
      out.push_back(path.substr(start, slash - start));
    }
    start = slash + 1;
  }
  return out;
}

class LogReportHandler final : public XmlHandler {
 public:
  explicit LogReportHandler(PackageType type) : type_(type) {}

  bool Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "log-item") {
      in_item_ = true;
      revision_ = 0;
      date_.clear();
      paths_.clear();
      return false;
    }
    if (name == "added-path") {
      node_kind_ = Attribute(attrs, "node-kind");
    }
    return name == "version-name" || name == "date" || name == "added-path" ||
           name == "modified-path" || name == "deleted-path" || name == "replaced-path";
  }

  void End(std::string_view name) override {
    if (!in_item_) {
      return;
    }
    if (name == "version-name") {
      revision_ = base::ParseInt(base::Trim(text)).value_or(0);
    } else if (name == "date") {
      date_ = ParseRfc3339(base::Trim(text)).value_or("");
    } else if (name == "added-path" || name == "modified-path" || name == "deleted-path" ||
               name == "replaced-path") {
      const bool dir_added = name == "added-path" && (node_kind_.empty() || node_kind_ == "dir");
      paths_.push_back({std::string(base::Trim(text)), dir_added});
    } else if (name == "log-item") {
      FinishItem();
      in_item_ = false;
    }
  }

  Changelog result;

 private:
  struct Path {
    std::string path;
    bool dir_added;
  };

  void FinishItem() {
    result.max_revision = std::max(result.max_revision, revision_);
    for (const Path& p : paths_) {
      const std::string_view slug = SlugFromPath(p.path);
      if (slug.empty()) {
        continue;
      }
      auto [it, inserted] = result.slugs.emplace(std::string(slug), revision_);
      if (!inserted && revision_ > it->second) {
        it->second = revision_;
      }
      if (p.dir_added && !date_.empty()) {
        NoteTag(p.path);
      }
    }
  }

  void NoteTag(std::string_view path) {
    const auto parts = PathSegments(path);
    const bool plugin_tag =
        type_ == PackageType::kPlugin && parts.size() == 3 && parts[1] == "tags";
    const bool theme_tag = type_ == PackageType::kTheme && parts.size() == 2;
    if (!plugin_tag && !theme_tag) {
      return;
    }
    const std::string_view tag = parts.back();
    for (TagCreation& t : result.tags) {
      if (t.slug == parts[0] && t.tag == tag) {
        if (revision_ < t.revision) {  // Keep the first creation.
          t.revision = revision_;
          t.date = date_;
        }
        return;
      }
    }
    result.tags.push_back({std::string(parts[0]), std::string(tag), date_, revision_});
  }

  const PackageType type_;
  bool in_item_ = false;
  int64_t revision_ = 0;
  std::string date_;
  std::string node_kind_;
  std::vector<Path> paths_;
};

}  // namespace

int64_t ExtractRevision(std::string_view line) {
  constexpr std::string_view kMarker = "Revision ";
  const size_t at = line.find(kMarker);
  if (at == std::string_view::npos) {
    return 0;
  }
  std::string_view rest = line.substr(at + kMarker.size());
  rest = rest.substr(0, rest.find_first_of(":< "));
  const auto revision = base::ParseInt(rest);
  return revision && *revision > 0 ? *revision : 0;
}

std::string_view ExtractListingEntry(std::string_view line) {
  constexpr std::string_view kAnchor = "<a href=\"";
  const size_t at = line.find(kAnchor);
  if (at == std::string_view::npos) {
    return {};
  }
  std::string_view href = line.substr(at + kAnchor.size());
  const size_t quote = href.find('"');
  if (quote == std::string_view::npos) {
    return {};
  }
  href = href.substr(0, quote);
  if (!href.empty() && href.back() == '/') {
    href.remove_suffix(1);
  }
  if (href.empty() || href == ".." || base::StartsWith(href, "!svn")) {
    return {};
  }
  return href;
}

base::Result<ListingStats> ParseListing(std::string_view body,
                                        const std::function<bool(std::string_view)>& on_entry,
                                        const std::atomic<bool>* cancel) {
  ListingStats stats;
  size_t start = 0;
  while (start < body.size()) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
      return Error(ErrorCode::kUnavailable, "cancelled");
    }
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) {
      end = body.size();
    }
    const std::string_view line = body.substr(start, end - start);
    start = end + 1;
    if (stats.head_revision == 0) {
      stats.head_revision = ExtractRevision(line);
    }
    const std::string_view slug = ExtractListingEntry(line);
    if (slug.empty()) {
      continue;
    }
    ++stats.entries;
    if (!on_entry(slug)) {
      stats.stopped = true;
      break;
    }
  }
  return stats;
}

std::string_view SlugFromPath(std::string_view path) {
  if (!path.empty() && path.front() == '/') {
    path.remove_prefix(1);
  }
  const size_t slash = path.find('/');
  if (slash != std::string_view::npos && slash > 0) {
    return path.substr(0, slash);
  }
  if (path.empty() || path == "..") {
    return {};
  }
  return path;
}

std::string_view SanitizeXml(std::string_view xml, std::string* storage) {
  bool has_controls = false;
  for (const char c : xml) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      has_controls = true;
      break;
    }
  }
  if (!has_controls && simdjson::validate_utf8(xml.data(), xml.size())) {
    return xml;
  }
  *storage = SanitizeXml(xml);
  return *storage;
}

std::string SanitizeXml(std::string_view xml) {
  std::string out;
  out.reserve(xml.size());
  for (const char c : xml) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
      out.push_back(c);
    }
  }
  if (!base::IsValidUtf8(out)) {
    return base::SanitizeUtf8(out);
  }
  return out;
}

base::Result<Changelog> ParseLogReport(std::string_view xml, PackageType type) {
  std::string storage;
  const std::string_view clean = SanitizeXml(xml, &storage);
  LogReportHandler handler(type);
  WPP_RETURN_IF_ERROR(RunExpat(clean, handler, "parsing SVN log"));
  return std::move(handler.result);
}

}  // namespace wpp::wporg
