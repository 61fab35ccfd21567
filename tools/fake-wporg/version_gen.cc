#include "version_gen.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_set>

namespace wpp::fakewporg {
namespace {

enum class Style { kThreeParts, kTwoParts, kFourParts, kMixed, kPrefixed };

struct Counter {
  int64_t major = 1;
  int64_t minor = 0;
  int64_t patch = 0;
  int64_t build = 0;
};

Style DrawStyle(Rng& rng) {
  const double u = rng.Unit();
  if (u < 0.55) {
    return Style::kThreeParts;
  }
  if (u < 0.78) {
    return Style::kTwoParts;
  }
  if (u < 0.85) {
    return Style::kFourParts;
  }
  return u < 0.95 ? Style::kMixed : Style::kPrefixed;
}

std::string Format(const Counter& c, Style style) {
  const std::string two = std::to_string(c.major) + "." + std::to_string(c.minor);
  switch (style) {
    case Style::kTwoParts:
      return c.patch == 0 ? two : two + "." + std::to_string(c.patch);
    case Style::kFourParts:
      return two + "." + std::to_string(c.patch) + "." + std::to_string(c.build);
    case Style::kMixed:
      return c.patch == 0 ? two : two + "." + std::to_string(c.patch);
    case Style::kPrefixed:
      return "v" + two + "." + std::to_string(c.patch);
    case Style::kThreeParts:
      break;
  }
  return two + "." + std::to_string(c.patch);
}

void Step(Rng& rng, Counter& c, Style style) {
  const double u = rng.Unit();
  if (style == Style::kFourParts && u < 0.4) {
    ++c.build;
  } else if (u < 0.7) {
    ++c.patch;
    c.build = 0;
  } else if (u < 0.95) {
    ++c.minor;
    c.patch = c.build = 0;
  } else {
    ++c.major;
    c.minor = c.patch = c.build = 0;
  }
}

// Odd tags that appear around a release; `release` is the plain tag.
std::optional<std::string> OddTag(Rng& rng, const std::string& release) {
  constexpr const char* kPre[] = {"-beta1", "-beta.2", "-RC1", "-rc2",  "-alpha", "-dev",
                                  "-dev.1", "-a1",     "-b2",  "-dev1", "-free"};
  constexpr const char* kPatch[] = {"-pl1", "-p1", "-patch", "-patch2"};
  constexpr const char* kJunk[] = {" Lite", "f", "(Beta)", "..1"};
  const double u = rng.Unit();
  if (u < 0.06) {
    return release + rng.Pick(kPre);
  }
  if (u < 0.08) {
    return release + rng.Pick(kPatch);
  }
  if (u < 0.09) {
    return release + ".0.1";  // Five parts once the release has three or four.
  }
  if (u < 0.10) {
    return release + ".";  // Trailing dot.
  }
  if (u < 0.105) {
    return release + rng.Pick(kJunk);
  }
  return std::nullopt;
}

struct PlanBuilder {
  std::vector<std::string> tags;
  std::unordered_set<std::string> seen;
  std::string stable;

  void Add(const std::string& tag, bool is_release) {
    if (seen.insert(tag).second) {
      tags.push_back(tag);
      if (is_release) {
        stable = tag;
      }
    }
  }
};

// The numeric parts of a plain release tag ("v1.2.3" → {1,2,3}), or nothing
// when the tag has a suffix or odd characters.
std::optional<std::vector<int64_t>> NumericParts(std::string tag) {
  if (!tag.empty() && tag[0] == 'v') {
    tag.erase(0, 1);
  }
  std::vector<int64_t> parts;
  int64_t value = -1;
  for (char c : tag) {
    if (c >= '0' && c <= '9') {
      value = (value < 0 ? 0 : value * 10) + (c - '0');
    } else if (c == '.' && value >= 0) {
      parts.push_back(value);
      value = -1;
    } else {
      return std::nullopt;
    }
  }
  if (value < 0 || parts.size() > 3) {
    return std::nullopt;
  }
  parts.push_back(value);
  return parts;
}

}  // namespace

size_t DrawVersionCount(Rng& rng) {
  const double u = rng.Unit();
  if (u < 0.30) {
    return static_cast<size_t>(rng.Between(1, 3));
  }
  if (u < 0.70) {
    return static_cast<size_t>(rng.Between(4, 10));
  }
  if (u < 0.90) {
    return static_cast<size_t>(rng.Between(11, 30));
  }
  if (u < 0.97) {
    return static_cast<size_t>(rng.Between(31, 80));
  }
  if (u < 0.995) {
    return static_cast<size_t>(rng.Between(81, 200));
  }
  return static_cast<size_t>(rng.Between(201, 600));
}

VersionPlan MakeVersionPlan(Rng& rng, size_t count) {
  if (count == 0) {
    return VersionPlan{.tags = {}, .stable = "1.0"};
  }
  const Style style = DrawStyle(rng);
  constexpr int64_t kMajors[] = {0, 1, 1, 1, 2, 3, 4};
  Counter counter{.major = rng.Pick(kMajors), .minor = 0, .patch = rng.Chance(0.5) ? 0 : 1};
  PlanBuilder plan;
  while (plan.tags.size() < count) {
    const std::string release = Format(counter, style);
    auto odd = OddTag(rng, release);
    const bool odd_before = odd && odd->find('-') != std::string::npos && rng.Chance(0.7);
    if (odd_before) {
      plan.Add(*odd, false);
    }
    plan.Add(release, true);
    if (style == Style::kMixed && counter.patch == 0 && rng.Chance(0.5)) {
      plan.Add(release + ".0", false);  // Both "2.8" and "2.8.0".
    }
    if (odd && !odd_before) {
      plan.Add(*odd, false);
    }
    Step(rng, counter, style);
  }
  plan.tags.resize(count);
  plan.stable.clear();
  for (const std::string& tag : plan.tags) {
    if (NumericParts(tag) && tag.back() != '.') {
      plan.stable = tag;
    }
  }
  if (plan.stable.empty()) {
    plan.stable = plan.tags.back();
  }
  return VersionPlan{.tags = std::move(plan.tags), .stable = std::move(plan.stable)};
}

std::string NextRelease(const std::vector<std::string>& existing, const std::string& stable) {
  std::optional<std::vector<int64_t>> best = NumericParts(stable);
  for (const std::string& tag : existing) {
    auto parts = NumericParts(tag);
    if (parts && (!best || *parts > *best)) {
      best = parts;
    }
  }
  std::vector<int64_t> parts = best.value_or(std::vector<int64_t>{1, 0});
  if (parts.size() < 2) {
    parts.push_back(0);
  }
  const std::string prefix = !stable.empty() && stable[0] == 'v' ? "v" : "";
  for (;;) {
    ++parts.back();
    std::string out = prefix;
    for (size_t i = 0; i < parts.size(); ++i) {
      out += (i == 0 ? "" : ".") + std::to_string(parts[i]);
    }
    if (std::find(existing.begin(), existing.end(), out) == existing.end()) {
      return out;
    }
  }
}

}  // namespace wpp::fakewporg
