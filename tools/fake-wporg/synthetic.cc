#include "synthetic.h"

#include <time.h>

#include <algorithm>
#include <cmath>

#include "rng.h"
#include "text_gen.h"
#include "version_gen.h"

namespace wpp::fakewporg {
namespace {

constexpr int64_t kDayMs = 86400000;

std::string DateOf(int64_t ms) {
  const time_t seconds = static_cast<time_t>(ms / 1000);
  struct tm parts {};
  gmtime_r(&seconds, &parts);
  char buffer[16];
  const size_t n = strftime(buffer, sizeof buffer, "%Y-%m-%d", &parts);
  return std::string(buffer, n);
}

int64_t LogUniform(Rng& rng, double lo, double hi) {
  return static_cast<int64_t>(std::exp(std::log(lo) + rng.Unit() * (std::log(hi) - std::log(lo))));
}

// WordPress.org shows active installs rounded down to one significant digit.
int64_t RoundInstalls(int64_t n) {
  int64_t scale = 1;
  while (n >= scale * 10) {
    scale *= 10;
  }
  return n < 10 ? 0 : (n / scale) * scale;
}

size_t DescriptionBytes(Rng& rng, RepoType type) {
  const double u = rng.Unit();
  const double shrink = type == RepoType::kTheme ? 0.5 : 1.0;
  double bytes = 0;
  if (u < 0.5) {
    bytes = static_cast<double>(rng.Between(150, 1000));
  } else if (u < 0.85) {
    bytes = static_cast<double>(rng.Between(1000, 4000));
  } else if (u < 0.98) {
    bytes = static_cast<double>(rng.Between(4000, 16000));
  } else {
    bytes = static_cast<double>(rng.Between(16000, 60000));
  }
  return static_cast<size_t>(bytes * shrink);
}

void FillPeople(Rng& rng, Package& p) {
  const std::string person = MakePersonName(rng);
  if (p.type == RepoType::kTheme) {
    p.author = person;
    p.author_is_object = rng.Chance(0.08);
    return;
  }
  const double u = rng.Unit();
  if (u < 0.1) {
    p.author = person;
  } else if (u < 0.15) {
    p.author = "<a href=\"https://example.com/team/\">" + person + " &amp; Team</a>";
  } else {
    p.author = "<a href=\"https://example.com/~" + std::to_string(rng.Below(100000)) + "/\">" +
               person + "</a>";
  }
}

void FillCompatibility(Rng& rng, Package& p) {
  constexpr const char* kRequires[] = {"3.0", "4.0", "4.9", "5.0", "5.2", "5.8", "6.0", "6.2"};
  constexpr const char* kTested[] = {"4.9.26", "5.9", "6.1.1", "6.4.3", "6.5", "6.6.2", "6.7.2"};
  constexpr const char* kPhp[] = {"5.2.4", "5.6", "7.0", "7.2", "7.4", "8.0", "8.1"};
  p.requires_wp = rng.Chance(0.05) ? "" : rng.Pick(kRequires);
  p.tested = rng.Chance(0.05) ? "" : rng.Pick(kTested);
  p.requires_php = rng.Chance(0.25) ? "" : rng.Pick(kPhp);
}

void FillStats(Rng& rng, Package& p) {
  p.downloaded = LogUniform(rng, 5, 5e8);
  p.active_installs = RoundInstalls(p.downloaded / rng.Between(5, 40));
  if (rng.Chance(0.4)) {
    p.num_ratings = 0;
    p.rating = 0;
  } else {
    p.num_ratings = static_cast<int>(LogUniform(rng, 1, 20000));
    p.rating = static_cast<int>(rng.Between(40, 100));
  }
}

// Tag dates spread between `added` and the last release, oldest first.
void FillTags(Rng& rng, Package& p, const VersionPlan& plan, int64_t first_ms, int64_t last_ms,
              const RevisionClock& clock) {
  const size_t n = plan.tags.size();
  p.tags.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const double f = n == 1 ? 1.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    int64_t ms = first_ms + static_cast<int64_t>(f * static_cast<double>(last_ms - first_ms));
    ms -= static_cast<int64_t>(rng.Below(3600000));
    if (!p.tags.empty() && ms <= p.tags.back().published_ms) {
      ms = p.tags.back().published_ms + 1000;
    }
    p.tags.push_back(
        VersionTag{.name = plan.tags[i], .published_ms = ms, .revision = clock.RevisionAt(ms)});
  }
}

VersionPlan DrawPlan(Rng& rng, RepoType type, const SyntheticTraits& traits) {
  if (traits.empty_versions) {
    return MakeVersionPlan(rng, 0);
  }
  size_t count = DrawVersionCount(rng);
  if (type == RepoType::kTheme) {
    count = std::max<size_t>(1, count / 2);
  }
  VersionPlan plan = MakeVersionPlan(rng, count);
  const double u = rng.Unit();
  if (u < 0.03) {
    plan.tags.push_back(NextRelease(plan.tags, plan.stable));  // Tagged before publication.
  } else if (u < 0.08) {
    plan.tags.push_back(NextRelease(plan.tags, plan.stable) + "-beta1");
  }
  return plan;
}

}  // namespace

SyntheticTraits DrawTraits(uint64_t seed, RepoType type, uint32_t index) {
  Rng rng(StreamKey(seed, kPurposeTraits, static_cast<uint64_t>(type), index));
  SyntheticTraits t;
  const double u = rng.Unit();
  if (u < 0.012) {
    t.closure = Closure::kTemporary;
  } else if (u < 0.027) {
    t.closure = Closure::kPermanent;
  } else if (u < 0.032) {
    t.api_missing = true;
  }
  t.invalid_utf8 = rng.Chance(0.003);
  t.empty_versions = type == RepoType::kPlugin && rng.Chance(0.01);
  return t;
}

std::string SyntheticSlug(uint64_t seed, RepoType type, uint32_t index) {
  Rng rng(StreamKey(seed, kPurposeSlug, static_cast<uint64_t>(type), index));
  return MakeSlug(rng, type);
}

int64_t SyntheticLastRevision(uint64_t seed, RepoType type, uint32_t index, int64_t target_head) {
  Rng rng(StreamKey(seed, kPurposeHistory, static_cast<uint64_t>(type), index));
  const double f = std::pow(rng.Unit(), 0.6);
  return 1 + static_cast<int64_t>(f * static_cast<double>(target_head - 1));
}

Package MakeSyntheticPackage(uint64_t seed, RepoType type, uint32_t index, std::string slug,
                             int64_t last_revision, const RevisionClock& clock) {
  const SyntheticTraits traits = DrawTraits(seed, type, index);
  Rng rng(StreamKey(seed, kPurposeDetails, static_cast<uint64_t>(type), index));
  Package p;
  p.type = type;
  p.name = MakeTitle(rng, slug);
  p.slug = std::move(slug);
  FillPeople(rng, p);
  p.homepage = rng.Chance(0.7) ? "https://example.com/" + p.slug + "/" : "";
  p.short_description = MakeSentence(rng);
  p.description_html = MakeHtml(rng, DescriptionBytes(rng, type));
  if (traits.invalid_utf8) {
    p.short_description += InvalidUtf8Bytes(rng);
    p.description_html.insert(p.description_html.size() / 2, InvalidUtf8Bytes(rng));
  }
  FillCompatibility(rng, p);
  FillStats(rng, p);
  p.last_revision = last_revision;
  p.last_updated_ms = clock.TimeOf(last_revision);
  p.date_style = type == RepoType::kPlugin ? DateStyle::kTwelveHour : DateStyle::kIso;
  p.php_escaping = rng.Chance(0.9);
  p.trunk_key = type == RepoType::kPlugin && rng.Chance(0.95) ? "trunk" : "";
  p.closure = traits.closure;
  p.api_missing = traits.api_missing;
  p.invalid_utf8 = traits.invalid_utf8;
  p.versions_empty_array = traits.empty_versions;
  Rng vrng(StreamKey(seed, kPurposeVersions, static_cast<uint64_t>(type), index));
  const VersionPlan plan = DrawPlan(vrng, type, traits);
  p.version = plan.stable;
  const int64_t life_ms = kDayMs * vrng.Between(30, 3000);
  const int64_t last_tag_ms =
      vrng.Chance(0.7) ? p.last_updated_ms : p.last_updated_ms - kDayMs * vrng.Between(1, 200);
  const int64_t first_ms = std::max(kHistoryStartMs, last_tag_ms - life_ms);
  FillTags(vrng, p, plan, first_ms, last_tag_ms, clock);
  p.added = DateOf(first_ms - kDayMs * vrng.Between(0, 30));
  if (p.closure != Closure::kNone) {
    p.closed_date = DateOf(p.last_updated_ms + kDayMs * vrng.Between(1, 400));
  }
  return p;
}

}  // namespace wpp::fakewporg
