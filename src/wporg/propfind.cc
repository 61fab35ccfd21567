// PROPFIND answers: the dated child folders of a package's tags/ folder.

#include <string>
#include <vector>

#include "base/strings.h"
#include "base/text.h"
#include "wporg/dates.h"
#include "wporg/svn.h"
#include "wporg/xml_scan.h"

namespace wpp::wporg {
namespace {

using base::Error;
using base::ErrorCode;

// The path part of an href that may be a full URL.
std::string_view HrefPath(std::string_view href) {
  const size_t scheme = href.find("://");
  if (scheme != std::string_view::npos) {
    const size_t slash = href.find('/', scheme + 3);
    return slash == std::string_view::npos ? std::string_view("/") : href.substr(slash);
  }
  return href;
}

std::string_view TrimSlashes(std::string_view s) {
  while (!s.empty() && s.back() == '/') {
    s.remove_suffix(1);
  }
  return s;
}

class PropfindHandler final : public XmlEvents {
 public:
  explicit PropfindHandler(std::string_view folder)
      : folder_(base::PercentDecode(TrimSlashes(folder))) {}

  bool Start(std::string_view name) override {
    if (name == "response") {
      href_.clear();
      creation_.clear();
      modified_.clear();
      return false;
    }
    return name == "href" || name == "creationdate" || name == "getlastmodified";
  }

  void End(std::string_view name, std::string_view text) override {
    if (name == "href") {
      href_ = base::PercentDecode(TrimSlashes(HrefPath(base::Trim(text))));
    } else if (name == "creationdate") {
      creation_ = ParseRfc3339(base::Trim(text)).value_or("");
    } else if (name == "getlastmodified") {
      modified_ = ParseHttpDate(base::Trim(text)).value_or("");
    } else if (name == "response") {
      Finish();
    }
  }

  std::vector<DavEntry> entries;

 private:
  void Finish() {
    if (href_.empty() || href_ == folder_) {
      return;
    }
    const std::string& date = creation_.empty() ? modified_ : creation_;
    const size_t slash = href_.rfind('/');
    std::string name = slash == std::string::npos ? href_ : href_.substr(slash + 1);
    if (!date.empty() && !name.empty()) {
      entries.push_back({std::move(name), date});
    }
  }

  const std::string folder_;
  std::string href_;
  std::string creation_;
  std::string modified_;
};

}  // namespace

base::Result<std::vector<DavEntry>> ParsePropfind(std::string_view xml,
                                                  std::string_view folder_path) {
  std::string storage;
  const std::string_view clean = SanitizeXml(xml, &storage);
  PropfindHandler handler(folder_path);
  // The hot path of a first sync (one answer per package): a light scanner
  // rather than expat.
  const base::Status scanned = ScanXml(clean, handler);
  if (!scanned.ok()) {
    return Error(ErrorCode::kDataLoss, "parsing PROPFIND: " + scanned.error().message());
  }
  return std::move(handler.entries);
}

}  // namespace wpp::wporg
