// libFuzzer target for wpp::version. The input is split on '\n' into up to
// three strings; every public function runs on them and the invariants
// below must hold (a violation aborts, which libFuzzer reports as a crash).
// Run it with tests/fuzz/run_fuzzer.sh (see tests/fuzz/CMakeLists.txt).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "version/version.h"

namespace {

using wpp::version::Compare;
using wpp::version::ComposerNormalized;
using wpp::version::IsStable;
using wpp::version::IsValid;
using wpp::version::Normalize;

void CheckOne(std::string_view x) {
  const std::string n = Normalize(x);
  WPP_FUZZ_CHECK(IsValid(x) == !n.empty());
  WPP_FUZZ_CHECK(Compare(x, x) == 0);
  if (n.empty()) {
    WPP_FUZZ_CHECK(ComposerNormalized(x).empty());
    WPP_FUZZ_CHECK(!IsStable(x));
    return;
  }
  WPP_FUZZ_CHECK(Normalize(n) == n);
  WPP_FUZZ_CHECK(Compare(n, x) == 0 && Compare(x, n) == 0);
  WPP_FUZZ_CHECK(IsStable(n) == IsStable(x));
  WPP_FUZZ_CHECK(ComposerNormalized(n) == ComposerNormalized(x));
  WPP_FUZZ_CHECK(n.size() <= x.size() || n == wpp::version::kDevTrunk);
  // Composer's form is a fixed point, except `-stable`, which Composer
  // itself drops on a second pass (`1.0-STABLE` → `1.0.0.0-stable` → `1.0.0.0`).
  const std::string composer = ComposerNormalized(n);
  if (!composer.empty() && composer.find("-stable") == std::string::npos) {
    WPP_FUZZ_CHECK(ComposerNormalized(composer) == composer);
  }
}

void CheckOrder(std::string_view a, std::string_view b, std::string_view c) {
  const int ab = Compare(a, b);
  WPP_FUZZ_CHECK(ab >= -1 && ab <= 1);
  WPP_FUZZ_CHECK(ab == -Compare(b, a));
  if (ab <= 0 && Compare(b, c) <= 0) {
    WPP_FUZZ_CHECK(Compare(a, c) <= 0);
  }
  if (ab == 0) {
    WPP_FUZZ_CHECK(Compare(a, c) == Compare(b, c));
  }
}

void CheckCollections(const std::vector<std::string>& pieces) {
  std::map<std::string, std::string> raw;
  for (const std::string& p : pieces) {
    raw[p] = "https://downloads.wordpress.org/plugin/x." + p + ".zip";
  }
  const std::map<std::string, std::string> versions = wpp::version::NormalizeVersions(raw);
  std::set<std::string> composer_versions;
  for (const auto& [key, url] : versions) {
    WPP_FUZZ_CHECK(Normalize(key) == key);
    WPP_FUZZ_CHECK(!url.empty());
    // One survivor per version_normalized (docs/behaviour.md §14.1).
    const std::string normalized = wpp::version::ComposerNormalized(key);
    WPP_FUZZ_CHECK(normalized.empty() || composer_versions.insert(normalized).second);
    // Dev stability as Composer sees it (docs/behaviour.md §14.2).
    WPP_FUZZ_CHECK(normalized.empty() ||
                   wpp::version::IsDevStability(key) ==
                       (normalized == wpp::version::kDevTrunk || normalized.ends_with("-dev")));
  }
  WPP_FUZZ_CHECK(wpp::version::NormalizeVersions(versions) == versions);
  bool dropped = false;
  const auto kept = wpp::version::FilterNewerThan(versions, pieces.front(), &dropped);
  WPP_FUZZ_CHECK(kept.size() <= versions.size());
  WPP_FUZZ_CHECK(dropped == (kept.size() < versions.size()));
  const std::string latest = wpp::version::Latest(kept);
  WPP_FUZZ_CHECK(latest.empty() || kept.count(latest) == 1);
  const std::vector<std::string> sorted = wpp::version::SortNewestFirst(pieces);
  WPP_FUZZ_CHECK(sorted.size() == pieces.size());
  for (size_t i = 1; i < sorted.size(); ++i) {
    const bool both_releases = IsValid(sorted[i - 1]) && IsValid(sorted[i]) &&
                               Normalize(sorted[i - 1]) != wpp::version::kDevTrunk &&
                               Normalize(sorted[i]) != wpp::version::kDevTrunk;
    WPP_FUZZ_CHECK(!both_releases || Compare(sorted[i - 1], sorted[i]) >= 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> pieces;
  size_t start = 0;
  while (pieces.size() < 2) {
    const size_t nl = input.find('\n', start);
    if (nl == std::string_view::npos) {
      break;
    }
    pieces.emplace_back(input.substr(start, nl - start));
    start = nl + 1;
  }
  pieces.emplace_back(input.substr(start));
  for (const std::string& p : pieces) {
    CheckOne(p);
  }
  const std::string& a = pieces[0];
  const std::string& b = pieces.size() > 1 ? pieces[1] : pieces[0];
  const std::string& c = pieces.back();
  CheckOrder(a, b, c);
  CheckOrder(Normalize(a), Normalize(b), Normalize(c));
  CheckCollections(pieces);
  return 0;
}
