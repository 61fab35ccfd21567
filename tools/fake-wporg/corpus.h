// The fake's two SVN repositories (plugins, themes) as they stood when it
// started: the bundled fixtures, the synthetic corpus and, on request, the
// fault-hook slugs. Packages are built on demand from compact entries.
// Immutable after Load, so every method is safe to call from any thread.

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/result.h"
#include "log_item.h"
#include "package.h"
#include "revision_clock.h"

namespace wpp::fakewporg {

struct CorpusOptions {
  std::string fixtures_dir{};  // Empty: no fixtures.
  size_t synthetic = 0;        // Total synthetic packages, ~82% plugins.
  uint64_t seed = 1;
  bool with_faults = false;  // List the fault-hook slugs in the plugin listing.
  bool hostile = false;      // Add the hostile packages (hostile.h).
};

class Repo {
 public:
  enum class Source : uint8_t { kFixture, kSynthetic, kFault, kHostile };

  RepoType type() const { return type_; }
  size_t size() const { return entries_.size(); }
  std::optional<uint32_t> Find(std::string_view slug) const;
  const std::string& Slug(uint32_t id) const { return entries_[id].slug; }
  Source SourceOf(uint32_t id) const { return entries_[id].source; }
  // The package as it stood at startup.
  Package Build(uint32_t id) const;
  // A package for a slug that is not in the repository (fault hooks).
  Package BuildAdHoc(const std::string& slug) const;
  // Ids ordered by slug, as the SVN listing shows them.
  const std::vector<uint32_t>& Sorted() const { return sorted_; }
  // Ids that new releases may be published for.
  const std::vector<uint32_t>& Publishable() const { return publishable_; }
  const RevisionClock& clock() const { return clock_; }
  // The log entry of historical revision 1 ≤ `revision` ≤ clock().head.
  LogItem HistoryItem(int64_t revision) const;

 private:
  friend class Corpus;
  struct Entry {
    std::string slug;
    Source source = Source::kSynthetic;
    uint32_t index = 0;  // Into fixtures_, the synthetic index, or HostileSlugs().
    int64_t last_revision = 0;
  };

  uint32_t AddEntry(std::string slug, Source source, uint32_t index);
  void AddSynthetic(size_t count);
  void Finish();
  ChangedPath TouchPath(uint32_t id, bool main_file) const;

  RepoType type_ = RepoType::kPlugin;
  uint64_t seed_ = 1;
  std::vector<Entry> entries_;
  std::vector<Package> fixtures_;
  std::unordered_map<std::string, uint32_t> by_slug_;
  std::vector<uint32_t> sorted_;
  std::vector<std::pair<int64_t, uint32_t>> by_revision_;  // Sorted.
  std::vector<uint32_t> publishable_;
  RevisionClock clock_;
};

class Corpus {
 public:
  // Errors: those of LoadFixtures (kDataLoss for a malformed fixture).
  static base::Result<std::unique_ptr<Corpus>> Load(const CorpusOptions& options);

  const Repo& repo(RepoType type) const { return type == RepoType::kPlugin ? plugins_ : themes_; }
  uint64_t seed() const { return seed_; }

 private:
  Repo plugins_;
  Repo themes_;
  uint64_t seed_ = 1;
};

// The slugs listed with CorpusOptions::with_faults (see faults.h).
const std::vector<std::string>& ListedFaultSlugs();

}  // namespace wpp::fakewporg
