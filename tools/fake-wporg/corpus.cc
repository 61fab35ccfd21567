#include "corpus.h"

#include <algorithm>

#include "fixtures.h"
#include "hostile.h"
#include "rng.h"
#include "synthetic.h"

namespace wpp::fakewporg {
namespace {

// Historical revisions per package: the plugin repository is busier.
constexpr int64_t kPluginRevisionsPerPackage = 45;
constexpr int64_t kThemeRevisionsPerPackage = 20;
constexpr int64_t kMinimumHead = 1000;
constexpr uint64_t kFaultSeedSalt = 0xFA17FA17;

std::string HistoryComment(Rng& rng) {
  constexpr const char* kComments[] = {
      "Update readme",          "Tested up to new version",
      "Fix PHP 8 warnings",     "Update translations",
      "Bump version",           "Security fix: escape output",
      "Améliorations",          "修正しました",
      "Merge branch 'develop'",
  };
  std::string comment = rng.Pick(kComments);
  if (rng.Chance(0.003)) {
    comment += "\x01\x1b[0m\x0b";  // Control characters old commits carry.
  }
  if (rng.Chance(0.05)) {
    comment += " <b>&</b>";
  }
  return comment;
}

}  // namespace

const std::vector<std::string>& ListedFaultSlugs() {
  static const auto* slugs = new std::vector<std::string>{
      "fault-500-listed",      "fault-503-listed",         "fault-flaky-2-listed",
      "fault-badjson-listed",  "fault-notobject-listed",   "fault-apierror-listed",
      "fault-truncate-listed", "fault-invalidutf8-listed", "fault-slow-listed",
      "fault-html-listed",
  };
  return *slugs;
}

std::optional<uint32_t> Repo::Find(std::string_view slug) const {
  auto it = by_slug_.find(std::string(slug));
  if (it == by_slug_.end()) {
    return std::nullopt;
  }
  return it->second;
}

uint32_t Repo::AddEntry(std::string slug, Source source, uint32_t index) {
  const auto id = static_cast<uint32_t>(entries_.size());
  by_slug_.emplace(slug, id);
  entries_.push_back(
      Entry{.slug = std::move(slug), .source = source, .index = index, .last_revision = 0});
  return id;
}

void Repo::AddSynthetic(size_t count) {
  const int64_t per =
      type_ == RepoType::kPlugin ? kPluginRevisionsPerPackage : kThemeRevisionsPerPackage;
  clock_.head = std::max(kMinimumHead, per * static_cast<int64_t>(count));
  entries_.reserve(entries_.size() + count);
  by_slug_.reserve(entries_.size() + count);
  for (uint32_t i = 0; i < count; ++i) {
    const std::string base = SyntheticSlug(seed_, type_, i);
    std::string slug = base;
    for (int n = 2; by_slug_.count(slug) != 0; ++n) {
      slug = base + "-" + std::to_string(n);
    }
    const uint32_t id = AddEntry(std::move(slug), Source::kSynthetic, i);
    entries_[id].last_revision = SyntheticLastRevision(seed_, type_, i, clock_.head);
    const SyntheticTraits t = DrawTraits(seed_, type_, i);
    if (t.closure == Closure::kNone && !t.api_missing && !t.invalid_utf8 && !t.empty_versions) {
      publishable_.push_back(id);
    }
  }
}

void Repo::Finish() {
  for (Entry& e : entries_) {
    if (e.source == Source::kFixture) {
      Package& p = fixtures_[e.index];
      p.last_revision = e.last_revision = clock_.RevisionAt(p.last_updated_ms);
      for (VersionTag& tag : p.tags) {
        tag.revision = clock_.RevisionAt(tag.published_ms);
      }
    } else if (e.source == Source::kFault) {
      e.last_revision = clock_.head / 2;
    } else if (e.source == Source::kHostile) {
      e.last_revision = clock_.head - 1;  // Recent: first in feeds and "updated" sorts.
    }
    by_revision_.emplace_back(e.last_revision, static_cast<uint32_t>(&e - entries_.data()));
  }
  std::sort(by_revision_.begin(), by_revision_.end());
  sorted_.resize(entries_.size());
  for (uint32_t i = 0; i < sorted_.size(); ++i) {
    sorted_[i] = i;
  }
  std::sort(sorted_.begin(), sorted_.end(),
            [this](uint32_t a, uint32_t b) { return entries_[a].slug < entries_[b].slug; });
  if (publishable_.empty()) {
    for (uint32_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].source == Source::kFixture && IsHealthy(fixtures_[entries_[i].index])) {
        publishable_.push_back(i);
      }
    }
  }
}

Package Repo::Build(uint32_t id) const {
  const Entry& e = entries_[id];
  switch (e.source) {
    case Source::kFixture:
      return fixtures_[e.index];
    case Source::kFault:
      return BuildAdHoc(e.slug);
    case Source::kHostile:
      return MakeHostilePackage(seed_, type_, e.index, e.last_revision, clock_);
    case Source::kSynthetic:
      break;
  }
  return MakeSyntheticPackage(seed_, type_, e.index, e.slug, e.last_revision, clock_);
}

Package Repo::BuildAdHoc(const std::string& slug) const {
  const auto index = static_cast<uint32_t>(std::hash<std::string>()(slug));
  Package p =
      MakeSyntheticPackage(seed_ ^ kFaultSeedSalt, type_, index, slug, clock_.head / 2, clock_);
  p.closure = Closure::kNone;
  p.api_missing = false;
  p.invalid_utf8 = false;
  p.versions_empty_array = false;
  return p;
}

ChangedPath Repo::TouchPath(uint32_t id, bool main_file) const {
  const std::string& slug = entries_[id].slug;
  if (type_ == RepoType::kTheme) {
    return ChangedPath{.action = 'M', .is_dir = true, .path = "/" + slug};
  }
  const std::string file = main_file ? slug + ".php" : "readme.txt";
  return ChangedPath{.action = 'M', .is_dir = false, .path = "/" + slug + "/trunk/" + file};
}

LogItem Repo::HistoryItem(int64_t revision) const {
  Rng rng(StreamKey(seed_, kPurposeHistory + 100, static_cast<uint64_t>(type_),
                    static_cast<uint64_t>(revision)));
  LogItem item{.revision = revision,
               .time_ms = clock_.TimeOf(revision),
               .author = "committer" + std::to_string(rng.Below(5000)),
               .comment = HistoryComment(rng),
               .paths = {}};
  const auto key = std::make_pair(revision, uint32_t{0});
  auto lo = std::lower_bound(by_revision_.begin(), by_revision_.end(), key);
  for (auto it = lo; it != by_revision_.end() && it->first == revision; ++it) {
    item.paths.push_back(TouchPath(it->second, false));
  }
  if (!item.paths.empty()) {
    return item;
  }
  // An older commit of a package whose newest revision comes later, so the
  // newest revision seen per slug stays that package's last_revision.
  const auto later = static_cast<size_t>(lo - by_revision_.begin());
  if (later < by_revision_.size()) {
    const size_t pick = later + rng.Below(by_revision_.size() - later);
    item.paths.push_back(TouchPath(by_revision_[pick].second, true));
  } else {
    item.paths.push_back(ChangedPath{.action = 'M', .is_dir = true, .path = "/"});
  }
  return item;
}

base::Result<std::unique_ptr<Corpus>> Corpus::Load(const CorpusOptions& options) {
  std::vector<Package> fixtures;
  if (!options.fixtures_dir.empty()) {
    WPP_ASSIGN_OR_RETURN(fixtures, LoadFixtures(options.fixtures_dir));
  }
  auto corpus = std::make_unique<Corpus>();
  corpus->seed_ = options.seed;
  const size_t plugins = (options.synthetic * 82 + 50) / 100;
  const size_t counts[2] = {plugins, options.synthetic - plugins};
  for (Repo* repo : {&corpus->plugins_, &corpus->themes_}) {
    repo->type_ = repo == &corpus->plugins_ ? RepoType::kPlugin : RepoType::kTheme;
    repo->seed_ = options.seed;
    for (Package& p : fixtures) {
      if (p.type == repo->type_ && repo->by_slug_.count(p.slug) == 0) {
        repo->fixtures_.push_back(p);
        repo->AddEntry(p.slug, Repo::Source::kFixture,
                       static_cast<uint32_t>(repo->fixtures_.size() - 1));
      }
    }
    if (options.with_faults && repo->type_ == RepoType::kPlugin) {
      for (const std::string& slug : ListedFaultSlugs()) {
        repo->AddEntry(slug, Repo::Source::kFault, 0);
      }
    }
    if (options.hostile) {
      const auto& slugs = HostileSlugs(repo->type_);
      for (uint32_t i = 0; i < slugs.size(); ++i) {
        repo->AddEntry(slugs[i], Repo::Source::kHostile, i);
      }
    }
    repo->AddSynthetic(counts[static_cast<int>(repo->type_)]);
    repo->Finish();
  }
  return corpus;
}

}  // namespace wpp::fakewporg
