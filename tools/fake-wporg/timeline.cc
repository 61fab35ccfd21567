#include "timeline.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

#include "rng.h"
#include "version_gen.h"

namespace wpp::fakewporg {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
constexpr double kHotShare = 0.2;  // Share of releases that go to "hot" packages.

void Apply(const Commit& c, Package& p) {
  p.tags.push_back(
      VersionTag{.name = c.version, .published_ms = c.time_ms, .revision = c.revision});
  p.version = c.version;
  p.last_updated_ms = c.time_ms;
  p.last_revision = c.revision;
}

}  // namespace

Timeline::Timeline(const Corpus& corpus, TimelineOptions options)
    : corpus_(corpus), options_(options), started_(std::chrono::steady_clock::now()) {
  const bool any = !corpus.repo(RepoType::kPlugin).Publishable().empty() ||
                   !corpus.repo(RepoType::kTheme).Publishable().empty();
  next_due_ms_ = any && options.commits_per_minute > 0 ? CommitTime(1) : kNever;
}

int64_t Timeline::CommitTime(uint64_t k) const {
  const double ms = static_cast<double>(k) * 60000.0 / options_.commits_per_minute;
  return options_.start_ms + static_cast<int64_t>(std::ceil(ms));
}

int64_t Timeline::Now() {
  const auto real = std::chrono::steady_clock::now() - started_;
  const double real_ms = std::chrono::duration<double, std::milli>(real).count();
  const int64_t now =
      options_.start_ms + static_cast<int64_t>(real_ms * options_.time_scale) + offset_ms_.load();
  CatchUp(now);
  return now;
}

void Timeline::Advance(int64_t ms) {
  offset_ms_ += ms;
}

void Timeline::CatchUp(int64_t now) {
  if (now < next_due_ms_.load()) {
    return;
  }
  std::unique_lock lock(mu_);
  while (CommitTime(made_ + 1) <= now) {
    ++made_;
    MakeCommit(made_);
  }
  next_due_ms_ = CommitTime(made_ + 1);
}

void Timeline::MakeCommit(uint64_t k) {
  Rng rng(StreamKey(corpus_.seed(), kPurposeCommit, k));
  const auto& plugins = corpus_.repo(RepoType::kPlugin).Publishable();
  const auto& themes = corpus_.repo(RepoType::kTheme).Publishable();
  const double plugin_share =
      static_cast<double>(plugins.size()) / static_cast<double>(plugins.size() + themes.size());
  const RepoType type = rng.Unit() < plugin_share ? RepoType::kPlugin : RepoType::kTheme;
  const auto& pool = type == RepoType::kPlugin ? plugins : themes;
  const size_t hot = std::max<size_t>(1, pool.size() / 100);
  const uint32_t id = pool[rng.Chance(kHotShare) ? rng.Below(hot) : rng.Below(pool.size())];
  const Package current = ViewLocked(type, id, kNever);
  std::vector<std::string> names;
  names.reserve(current.tags.size());
  for (const VersionTag& tag : current.tags) {
    names.push_back(tag.name);
  }
  auto& repo_commits = by_repo_[static_cast<int>(type)];
  Commit commit{
      .type = type,
      .id = id,
      .revision = corpus_.repo(type).clock().head + static_cast<int64_t>(repo_commits.size()) + 1,
      .time_ms = CommitTime(k),
      .version = NextRelease(names, current.version)};
  const auto index = static_cast<uint32_t>(commits_.size());
  commits_.push_back(std::move(commit));
  repo_commits.push_back(index);
  by_package_[Key(type, id)].push_back(index);
}

Package Timeline::ViewLocked(RepoType type, uint32_t id, int64_t at_ms) const {
  Package p = corpus_.repo(type).Build(id);
  auto it = by_package_.find(Key(type, id));
  if (it == by_package_.end()) {
    return p;
  }
  for (uint32_t index : it->second) {
    if (commits_[index].time_ms <= at_ms) {
      Apply(commits_[index], p);
    }
  }
  return p;
}

Package Timeline::View(RepoType type, uint32_t id, int64_t at_ms) const {
  if (next_due_ms_.load() == kNever) {
    return corpus_.repo(type).Build(id);  // Time never publishes anything.
  }
  std::shared_lock lock(mu_);
  return ViewLocked(type, id, at_ms);
}

int64_t Timeline::Head(RepoType type, int64_t at_ms) const {
  std::shared_lock lock(mu_);
  const auto& list = by_repo_[static_cast<int>(type)];
  auto it = std::upper_bound(list.begin(), list.end(), at_ms, [this](int64_t t, uint32_t index) {
    return t < commits_[index].time_ms;
  });
  return corpus_.repo(type).clock().head + (it - list.begin());
}

std::vector<Commit> Timeline::Commits(RepoType type, int64_t lo, int64_t hi) const {
  std::shared_lock lock(mu_);
  const auto& list = by_repo_[static_cast<int>(type)];
  const int64_t head = corpus_.repo(type).clock().head;
  std::vector<Commit> out;
  for (int64_t rev = std::max(lo, head + 1); rev <= hi; ++rev) {
    const auto offset = static_cast<size_t>(rev - head - 1);
    if (offset >= list.size()) {
      break;
    }
    out.push_back(commits_[list[offset]]);
  }
  return out;
}

std::vector<Commit> Timeline::CommitsUpTo(int64_t at_ms) const {
  std::shared_lock lock(mu_);
  std::vector<Commit> out;
  for (const Commit& c : commits_) {
    if (c.time_ms <= at_ms) {
      out.push_back(c);
    }
  }
  return out;
}

bool Timeline::Lagging(LaggingSide side) {
  if (options_.lagging == LaggingSide::kAlternate) {
    return (alternate_[side == LaggingSide::kReport ? 0 : 1]++ % 2) == 1;
  }
  return options_.lagging == side;
}

int64_t Timeline::ListingTime(int64_t now) {
  return Lagging(LaggingSide::kListing) ? now - options_.replica_lag_ms : now;
}

int64_t Timeline::ReportTime(int64_t now) {
  return Lagging(LaggingSide::kReport) ? now - options_.replica_lag_ms : now;
}

}  // namespace wpp::fakewporg
