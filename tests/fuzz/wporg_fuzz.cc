// libFuzzer target for the WordPress.org response parsers (src/wporg): the
// info-API classifier and mapper (simdjson), the SVN listing, log-report
// and PROPFIND parsers, the XML scanner, HTML unescaping and date parsing
// all run on every input. None may crash, and the invariants below must
// hold (a violation aborts). Run it with tests/fuzz/run_fuzzer.sh.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "fuzz_check.h"
#include "wporg/dates.h"
#include "wporg/html.h"
#include "wporg/info_parser.h"
#include "wporg/svn.h"
#include "wporg/xml_scan.h"

namespace {

using wpp::base::IsValidUtf8;
namespace wporg = wpp::wporg;

void CheckText(const std::optional<std::string>& s) {
  WPP_FUZZ_CHECK(!s || (IsValidUtf8(*s) && s->find('\0') == std::string::npos));
}

// Every string the mapper hands to the database is valid UTF-8 without NULs.
void CheckInfo(std::string_view body) {
  for (const int status : {200, 404, 503}) {
    for (const auto type : {wporg::PackageType::kPlugin, wporg::PackageType::kTheme}) {
      auto result = wporg::ParseInfoResponse(type, status, body);
      if (status == 503) {
        WPP_FUZZ_CHECK(!result && result.error().code() == wpp::base::ErrorCode::kUnavailable);
        continue;
      }
      if (!result || result->availability != wporg::Availability::kAvailable) {
        continue;
      }
      const wporg::PackageInfo& info = result->info;
      WPP_FUZZ_CHECK(status == 200);
      WPP_FUZZ_CHECK(IsValidUtf8(info.slug));
      CheckText(info.display_name);
      CheckText(info.description);
      CheckText(info.author);
      CheckText(info.homepage);
      CheckText(info.version);
      WPP_FUZZ_CHECK(!info.rating || *info.rating > 0);
      for (const auto& [version, url] : info.versions) {
        WPP_FUZZ_CHECK(IsValidUtf8(version) && IsValidUtf8(url));
      }
      if (info.last_updated) {
        WPP_FUZZ_CHECK(wporg::ParseRfc3339(*info.last_updated) == info.last_updated);
      }
    }
  }
  (void)wporg::ParseLastUpdatedResponse(200, body);
}

void CheckSvn(std::string_view body) {
  auto listing = wporg::ParseListing(body, [](std::string_view slug) {
    WPP_FUZZ_CHECK(!slug.empty() && slug != "..");
    return true;
  });
  WPP_FUZZ_CHECK(listing && listing->head_revision >= 0);
  for (const auto type : {wporg::PackageType::kPlugin, wporg::PackageType::kTheme}) {
    auto log = wporg::ParseLogReport(body, type);
    if (log) {
      for (const auto& [slug, revision] : log->slugs) {
        WPP_FUZZ_CHECK(!slug.empty() && revision <= log->max_revision);
      }
      for (const auto& tag : log->tags) {
        WPP_FUZZ_CHECK(log->slugs.count(tag.slug) == 1 && !tag.date.empty());
      }
    }
  }
  auto entries = wporg::ParsePropfind(body, "/x/tags/");
  if (entries) {
    for (const auto& entry : *entries) {
      WPP_FUZZ_CHECK(!entry.name.empty() && wporg::ParseRfc3339(entry.date) == entry.date);
    }
  }
  const std::string clean = wporg::SanitizeXml(body);
  WPP_FUZZ_CHECK(IsValidUtf8(clean));
}

class NullEvents final : public wporg::XmlEvents {
 public:
  bool Start(std::string_view name) override { return !name.empty(); }
  void End(std::string_view, std::string_view) override {}
};

void CheckText(std::string_view input) {
  const std::string unescaped = wporg::UnescapeHtml(input);
  const std::string stripped = wporg::StripTags(input);
  WPP_FUZZ_CHECK(stripped.size() <= input.size());
  if (IsValidUtf8(input)) {
    WPP_FUZZ_CHECK(IsValidUtf8(unescaped) && IsValidUtf8(stripped));
  }
  if (auto date = wporg::ParseApiDate(input)) {
    WPP_FUZZ_CHECK(wporg::ParseRfc3339(*date) == date);
  }
  (void)wporg::ParseHttpDate(input);
  NullEvents events;
  (void)wporg::ScanXml(input, events);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckInfo(input);
  CheckSvn(input);
  CheckText(input);
  return 0;
}
