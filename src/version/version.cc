#include "version/version.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "version/internal/parse.h"

namespace wpp::version {
namespace {

using internal::Parse;
using internal::Parsed;
using internal::Stability;

bool IsStableParsed(const Parsed& p) {
  return !p.trunk && (p.stability == Stability::kStable || p.stability == Stability::kPatch);
}

// True when `url` is wp.org's download for `normalized`: its last path
// segment is `<slug>.<normalized>.zip`, or `<slug>.zip` for dev-trunk.
// WordPress.org slugs never contain a dot, which makes the match exact.
bool UrlIsDownloadOf(std::string_view url, std::string_view normalized) {
  url = url.substr(0, url.find_first_of("?#"));
  const size_t slash = url.rfind('/');
  std::string_view file = slash == std::string_view::npos ? url : url.substr(slash + 1);
  if (!file.ends_with(".zip")) {
    return false;
  }
  file.remove_suffix(4);
  if (normalized != kDevTrunk) {
    if (file.size() <= normalized.size() + 1 || !file.ends_with(normalized) ||
        file[file.size() - normalized.size() - 1] != '.') {
      return false;
    }
    file.remove_suffix(normalized.size() + 1);
  }
  return !file.empty() && file.find('.') == std::string_view::npos;
}

}  // namespace

std::string Normalize(std::string_view raw) {
  const std::optional<std::string_view> normalized = internal::NormalizeView(raw);
  return normalized ? std::string(*normalized) : std::string();
}

bool IsValid(std::string_view raw) {
  return internal::NormalizeView(raw).has_value();
}

bool IsStable(std::string_view normalized) {
  const std::optional<Parsed> p = Parse(normalized);
  return p && IsStableParsed(*p);
}

bool IsDevStability(std::string_view normalized) {
  const std::optional<Parsed> p = Parse(normalized);
  return p && (p->trunk || p->stability == Stability::kDev);
}

int Compare(std::string_view a, std::string_view b) {
  const std::optional<Parsed> pa = Parse(a);
  const std::optional<Parsed> pb = Parse(b);
  if (pa && pb) {
    return internal::CompareParsed(*pa, *pb);
  }
  if (pa || pb) {
    return pa ? 1 : -1;
  }
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::map<std::string, std::string> NormalizeVersions(
    const std::map<std::string, std::string>& raw_to_url) {
  struct Choice {
    std::string_view normalized{};
    const std::string* url = nullptr;
    bool is_download = false;
  };
  // One survivor per Composer version_normalized (`6.1` and `6.1.0` are one
  // version to Composer; docs/behaviour.md §3.2). Versions Composer rejects
  // are grouped by their normalised form, behind a byte no version holds.
  // Raw tags arrive in ascending byte order, so the first candidate seen is
  // the smallest raw tag; a later one wins only by being the listed download.
  std::map<std::string, Choice> chosen;
  for (const auto& [raw, url] : raw_to_url) {
    const std::optional<std::string_view> normalized = internal::NormalizeView(raw);
    if (!normalized) {
      continue;
    }
    std::string key = ComposerNormalized(*normalized);
    if (key.empty()) {
      key = "\x01" + std::string(*normalized);
    }
    const Choice candidate{*normalized, &url, UrlIsDownloadOf(url, *normalized)};
    auto [it, inserted] = chosen.try_emplace(std::move(key), candidate);
    if (!inserted && candidate.is_download && !it->second.is_download) {
      it->second = candidate;
    }
  }
  std::map<std::string, std::string> out;
  for (const auto& [key, choice] : chosen) {
    out.emplace(std::string(choice.normalized), *choice.url);
  }
  return out;
}

std::map<std::string, std::string> FilterNewerThan(
    const std::map<std::string, std::string>& versions, std::string_view stable_tag,
    bool* dropped) {
  if (dropped != nullptr) {
    *dropped = false;
  }
  const std::optional<Parsed> ceiling = Parse(stable_tag);
  if (!ceiling || ceiling->trunk) {
    return versions;
  }
  std::map<std::string, std::string> out;
  for (const auto& entry : versions) {
    const std::optional<Parsed> v = Parse(entry.first);
    const bool keep = !v || !IsStableParsed(*v) || internal::CompareParsed(*v, *ceiling) <= 0;
    if (keep) {
      out.emplace_hint(out.end(), entry);
    } else if (dropped != nullptr) {
      *dropped = true;
    }
  }
  return out;
}

std::string Latest(const std::map<std::string, std::string>& versions) {
  struct Best {
    Parsed parsed{};
    const std::string* key = nullptr;
  };
  const auto better = [](const Best& candidate, const std::optional<Best>& best) {
    if (!best) {
      return true;
    }
    const int c = internal::CompareParsed(candidate.parsed, best->parsed);
    return c != 0 ? c > 0 : *candidate.key > *best->key;
  };
  std::optional<Best> best_stable;
  std::optional<Best> best_any;
  for (const auto& entry : versions) {
    const std::optional<Parsed> v = Parse(entry.first);
    if (!v || v->trunk) {
      continue;
    }
    const Best candidate{*v, &entry.first};
    if (better(candidate, best_any)) {
      best_any = candidate;
    }
    if (IsStableParsed(*v) && better(candidate, best_stable)) {
      best_stable = candidate;
    }
  }
  const std::optional<Best>& best = best_stable ? best_stable : best_any;
  return best ? *best->key : std::string();
}

std::vector<std::string> SortNewestFirst(std::vector<std::string> versions) {
  enum Group { kRelease = 0, kTrunk = 1, kInvalid = 2 };
  struct Item {
    Group group = kInvalid;
    Parsed parsed{};
    size_t index = 0;
  };
  std::vector<Item> items;
  items.reserve(versions.size());
  for (size_t i = 0; i < versions.size(); ++i) {
    const std::optional<Parsed> p = Parse(versions[i]);
    const Group group = !p ? kInvalid : (p->trunk ? kTrunk : kRelease);
    items.push_back(Item{group, p.value_or(Parsed{}), i});
  }
  std::stable_sort(items.begin(), items.end(), [&versions](const Item& a, const Item& b) {
    if (a.group != b.group) {
      return a.group < b.group;
    }
    const int c = a.group == kRelease ? internal::CompareParsed(a.parsed, b.parsed) : 0;
    if (c != 0) {
      return c > 0;
    }
    // Ties: releases byte-wise greater first (as Latest), the rest ascending.
    return a.group == kRelease ? versions[a.index] > versions[b.index]
                               : versions[a.index] < versions[b.index];
  });
  std::vector<std::string> out;
  out.reserve(versions.size());
  for (const Item& item : items) {
    out.push_back(std::move(versions[item.index]));
  }
  return out;
}

}  // namespace wpp::version
