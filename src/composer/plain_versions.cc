#include "composer/plain_versions.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "version/version.h"

namespace wpp::composer {
namespace {

struct Keyed {
  std::array<uint32_t, 4> parts{};  // Missing parts are 0, as in version::Compare.
  std::string text{};
};

// Parses a plain version that is not dev-trunk.
std::array<uint32_t, 4> Parts(std::string_view v) {
  std::array<uint32_t, 4> parts{};
  size_t i = 0;
  for (char c : v) {
    if (c == '.') {
      ++i;
    } else {
      parts[i] = parts[i] * 10 + static_cast<uint32_t>(c - '0');
    }
  }
  return parts;
}

}  // namespace

bool IsPlainVersion(std::string_view v) {
  if (v == version::kDevTrunk) {
    return true;
  }
  int parts = 1;
  size_t digits = 0;
  for (char c : v) {
    if (c == '.') {
      if (digits == 0 || ++parts > 4) {
        return false;
      }
      digits = 0;
    } else if (c >= '0' && c <= '9' && digits < 9) {
      ++digits;
    } else {
      return false;
    }
  }
  return digits > 0;
}

std::vector<std::string> SortNewestFirst(std::vector<std::string> versions) {
  const bool plain = std::all_of(versions.begin(), versions.end(), [](const std::string& v) {
    return v != version::kDevTrunk && IsPlainVersion(v);
  });
  if (!plain) {
    return version::SortNewestFirst(std::move(versions));
  }
  std::vector<Keyed> keyed;
  keyed.reserve(versions.size());
  for (std::string& v : versions) {
    keyed.push_back({Parts(v), std::move(v)});
  }
  // Newest first; equal numbers (1.0 and 1.0.0): byte-wise greater first.
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return a.parts != b.parts ? a.parts > b.parts : a.text > b.text;
  });
  for (size_t i = 0; i < keyed.size(); ++i) {
    versions[i] = std::move(keyed[i].text);
  }
  return versions;
}

std::string ComposerNormalized(std::string_view v) {
  const size_t first_dot = v.find('.');
  const size_t first_digits = first_dot == std::string_view::npos ? v.size() : first_dot;
  if (v == version::kDevTrunk || !IsPlainVersion(v) || first_digits > 5) {
    return version::ComposerNormalized(v);
  }
  std::string out(v);
  for (auto dots = std::count(v.begin(), v.end(), '.'); dots < 3; ++dots) {
    out.append(".0");
  }
  return out;
}

}  // namespace wpp::composer
