#include "repository/build.h"

#include <unistd.h>

#include <algorithm>
#include <optional>
#include <thread>

#include "base/hash.h"
#include "base/log.h"
#include "base/progress.h"
#include "repository/blob_store.h"
#include "repository/build_dir.h"
#include "repository/build_files.h"
#include "repository/build_index.h"
#include "repository/build_store.h"
#include "repository/internal/json_read.h"
#include "repository/package_writer.h"
#include "repository/root_files.h"
#include "repository/snapshot_store.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

constexpr int kClaimAttempts = 5;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

struct Target {
  SnapshotStore::Filter filter{};
  std::string name{};
};

base::Result<std::optional<Target>> ParseTarget(std::string_view spec) {
  if (spec.empty()) {
    return std::optional<Target>();
  }
  const size_t slash = spec.find('/');
  const std::string_view vendor = spec.substr(0, slash);
  Target t;
  if (vendor == "wp-plugin" || vendor == "plugin") {
    t.filter.type = composer::PackageType::kPlugin;
  } else if (vendor == "wp-theme" || vendor == "theme") {
    t.filter.type = composer::PackageType::kTheme;
  } else {
    return Error(ErrorCode::kInvalidArgument,
                 "--package must be wp-plugin/<slug> or wp-theme/<slug>, got " + std::string(spec));
  }
  t.filter.slug = std::string(spec.substr(slash + 1));
  if (slash == std::string_view::npos || !composer::IsSafeSlug(t.filter.slug)) {
    return Error(ErrorCode::kInvalidArgument,
                 "--package has an invalid slug: " + std::string(spec));
  }
  t.name = composer::ComposerName(t.filter.type, t.filter.slug);
  return std::optional<Target>(std::move(t));
}

class Builder {
 public:
  Builder(db::Database& db, base::Clock& clock, const BuildOptions& options)
      : db_(db), clock_(clock), options_(options), fs_(*options.file_system), store_(db, clock) {}

  base::Result<BuildResult> Run();

 private:
  base::Status Claim();
  void LoadBase();
  base::Status Populate(const std::optional<Target>& target);
  base::Status WriteRootFiles(const std::optional<Target>& target);
  base::Status Validate();
  base::Status CheckBlobsAfterListing();
  base::Status CheckChangedBlobs();
  // Creates the writer once the walk knows whether it is incremental.
  base::Status StartWriter(const SnapshotInfo& info, const std::optional<Target>& target,
                           SnapshotStore& snapshot);
  void PruneChangeLog();
  // Parses base_text_ in full; without a usable one, builds without a base.
  void ParseWholeBase();
  // Parses the base lines of changed_ and counts the others.
  void SplitBase();
  // index.tsv: the base's lines, with changed_ replaced by index_.
  std::string MergedIndex() const;
  // docs/behaviour.md §7.8: the shard directories' times after this build,
  // and the base's packages whose blobs vanished since the base's were taken.
  base::Status StampBlobShards();
  base::Result<std::vector<std::string>> PackagesWithLostBlobs();
  base::Status Finish();
  void RecordFailure(const Error& error);

  db::Database& db_;
  base::Clock& clock_;
  const BuildOptions& options_;
  io::FileSystem& fs_;
  BuildStore store_;
  bool owns_row_ = false;
  base::Clock::TimePoint started_{};
  BuildResult result_{};
  std::optional<BuildIndex> base_index_{};
  // The base's manifest says its blobs were checked (docs/behaviour.md §7.6).
  bool base_vouches_ = false;
  // The base's change-log position and shared inputs (docs/behaviour.md §7.8).
  std::optional<ChangeLogMark> base_mark_{};
  // This build reads only the packages in changed_ (sorted); every other
  // entry is the base's.
  bool incremental_ = false;
  std::vector<std::string> changed_{};
  int64_t change_seq_ = -1;  // Recorded in the manifest; -1: none.
  std::string inputs_hash_{};
  // A base that may serve an incremental build is kept as text: only the
  // lines of changed packages are parsed (into base_index_), the others are
  // copied (docs/behaviour.md §7.8). Empty once parsed in full.
  std::string base_text_{};
  int64_t carried_packages_ = 0;  // Base lines copied unchanged.
  int64_t carried_files_ = 0;     // p2 files they name.
  std::unique_ptr<BlobStore> blobs_{};
  // Blobs present at the start (incremental builds). Held by pointer: GCC 12
  // warns, wrongly, about moving an unordered_set into a member.
  std::unique_ptr<BlobSet> present_blobs_{};
  std::unique_ptr<PackageWriter> writer_{};
  std::vector<IndexLine> index_{};
  std::string packages_json_{};
};

base::Status Builder::Claim() {
  if (base::Status made = fs_.MakeDirs(options_.output_dir); !made.ok()) {
    return Error(ErrorCode::kUnavailable, made.error().message());
  }
  for (int attempt = 0; attempt < kClaimAttempts; ++attempt) {
    started_ = clock_.Now();
    const std::string id =
        options_.build_id.empty() ? base::FormatBuildId(started_) : options_.build_id;
    const fs::path dir = options_.output_dir / id;
    bool taken = false;
    if (options_.build_id.empty()) {
      WPP_ASSIGN_OR_RETURN(taken, store_.Exists(id));
    }
    if (!taken) {
      base::Status made = fs_.MakeDir(dir);
      if (made.ok()) {
        result_.build_id = id;
        result_.dir = dir;
        return base::Status::Ok();
      }
      if (made.error().code() != ErrorCode::kAlreadyExists) {
        return Error(ErrorCode::kUnavailable, made.error().message());
      }
    }
    if (!options_.build_id.empty()) {
      return Error(ErrorCode::kAlreadyExists, "build directory already exists: " + id +
                                                  " (another build started in the same second?)");
    }
    // Another build took this second: ids are start times, so wait for the next.
    const auto into_second = started_.time_since_epoch() % std::chrono::seconds(1);
    // Round up (and a little more) so the wait really ends in the next second.
    clock_.SleepFor(
        std::chrono::ceil<std::chrono::milliseconds>(std::chrono::seconds(1) - into_second) +
        std::chrono::milliseconds(1));
  }
  return Error(ErrorCode::kAlreadyExists,
               "no free build id after " + std::to_string(kClaimAttempts) + " seconds");
}

void Builder::LoadBase() {
  const fs::path repository_dir = options_.output_dir.parent_path();
  auto current = CurrentBuild(repository_dir, fs_);
  if (!current) {
    base::log::Warn("ignoring the current build", {{"error", current.error().message()}});
    return;
  }
  if (!current->has_value() || (*current)->id == result_.build_id) {
    return;
  }
  auto text = ReadFile((*current)->dir / kIndexFile, fs_);
  if (!text) {
    base::log::Warn("current build has no usable index; building without a base",
                    {{"build", (*current)->id}, {"error", text.error().message()}});
    return;
  }
  result_.base_build = (*current)->id;
  auto manifest = ReadFile((*current)->dir / kManifestJson, fs_);
  base_vouches_ = manifest && ManifestVouchesForBlobs(*manifest);
  if (manifest) {
    base_mark_ = ManifestChangeLog(*manifest);
  }
  if (!base_vouches_) {
    base::log::Info("the current build does not vouch for its blobs; re-hashing those reused",
                    {{"build", (*current)->id}});
  }
  base_index_.emplace();
  base_text_ = std::move(text).value();
  const bool may_be_incremental = base_vouches_ && base_mark_ && !options_.force &&
                                  options_.package.empty() &&
                                  base_mark_->inputs_hash == PackageWriter::SharedInputsHash();
  if (!may_be_incremental) {
    ParseWholeBase();
  }
}

void Builder::ParseWholeBase() {
  if (base_text_.empty()) {
    return;
  }
  auto index = ParseIndex(base_text_, result_.base_build + "/" + std::string(kIndexFile));
  base_text_.clear();
  base_text_.shrink_to_fit();
  if (!index) {
    base::log::Warn("current build has no usable index; building without a base",
                    {{"build", result_.base_build}, {"error", index.error().message()}});
    base_index_.reset();
    result_.base_build.clear();
    return;
  }
  base_index_->swap(*index);
}

// Calls visit(name, line) for each line of index.tsv text.
template <typename Visit>
void ForEachLine(std::string_view text, Visit visit) {
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    visit(line.substr(0, line.find('\t')), line);
  }
}

void Builder::SplitBase() {
  auto next = changed_.begin();
  ForEachLine(base_text_, [&](std::string_view name, std::string_view line) {
    while (next != changed_.end() && std::string_view(*next) < name) {
      ++next;
    }
    if (next != changed_.end() && std::string_view(*next) == name) {
      if (auto parsed = ParseIndexLine(line)) {
        base_index_->insert_or_assign(std::move(parsed->first), parsed->second);
      }
      return;
    }
    ++carried_packages_;
    // Two file-hash columns: "-" when the package has no such file.
    carried_files_ += 2 - (line.ends_with("\t-") ? 1 : 0) -
                      (line.find("\t-\t") != std::string_view::npos ? 1 : 0);
  });
}

std::string Builder::MergedIndex() const {
  std::string out;
  out.reserve(base_text_.size() + index_.size() * 120);
  auto next = index_.begin();
  auto changed = changed_.begin();
  const auto emit_new_before = [&](std::string_view name) {
    for (; next != index_.end() && (name.empty() || std::string_view(next->first) < name); ++next) {
      out.append(RenderIndex({*next}));
    }
  };
  ForEachLine(base_text_, [&](std::string_view name, std::string_view line) {
    emit_new_before(name);
    while (changed != changed_.end() && std::string_view(*changed) < name) {
      ++changed;
    }
    if (changed == changed_.end() || std::string_view(*changed) != name) {
      out.append(line).push_back('\n');
    }
  });
  emit_new_before({});
  return out;
}

base::Status Builder::StartWriter(const SnapshotInfo& info, const std::optional<Target>& target,
                                  SnapshotStore& snapshot) {
  result_.snapshot_id = info.snapshot_id;
  incremental_ = info.incremental;
  if (incremental_) {
    changed_ = info.changed;
    SplitBase();
  } else {
    ParseWholeBase();
  }
  PackageWriter::Options writer_options;
  writer_options.blobs = blobs_.get();
  // An incremental build stats only the blobs it reuses or writes; any
  // other build with a base lists the store once (docs/behaviour.md §7.6).
  if (base_index_ && !incremental_) {
    auto present = ListBlobs(blobs_->dir(), fs_);
    if (!present) {
      return std::move(present).error();
    }
    present_blobs_ = std::make_unique<BlobSet>(std::move(present).value());
    writer_options.present = present_blobs_.get();
  }
  writer_options.base_index = base_index_ ? &*base_index_ : nullptr;
  writer_options.reuse = !options_.force;
  writer_options.verify_reused = !base_vouches_;
  writer_options.threads =
      options_.threads > 0 ? options_.threads
                           : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  writer_options.load_published = [&snapshot](int64_t id) { return snapshot.PublishedOf(id); };
  writer_ = std::make_unique<PackageWriter>(std::move(writer_options));
  inputs_hash_ = PackageWriter::SharedInputsHash();
  if (target && base_index_) {
    // One package rebuilt: the rest is the base's, as of the base's position.
    change_seq_ = base_mark_ ? base_mark_->change_seq : -1;
    inputs_hash_ = base_mark_ ? base_mark_->inputs_hash : inputs_hash_;
    for (const auto& [name, entry] : *base_index_) {
      if (name != target->name) {
        WPP_RETURN_IF_ERROR(writer_->CarryOver(name, entry));
      }
    }
    return base::Status::Ok();
  }
  change_seq_ = target ? -1 : info.change_seq;
  if (!incremental_ && !info.full_reason.empty()) {
    base::log::Info("reading every package", {{"reason", info.full_reason}});
  }
  return base::Status::Ok();
}

base::Status Builder::Populate(const std::optional<Target>& target) {
  WPP_ASSIGN_OR_RETURN(blobs_, BlobStore::Open(options_.output_dir.parent_path() / kBlobsDir, fs_));
  const bool partial = target && base_index_;
  if (target && !base_index_) {
    base::log::Warn("no current build to rebuild on top of; building every package",
                    {{"package", target->name}});
  }
  SnapshotStore snapshot(db_);
  std::optional<base::Progress> progress;
  SnapshotStore::Walker walker;
  walker.filter = partial ? &target->filter : nullptr;
  // Without a base (or with --force) every package is serialised, so read
  // all publish times in one pass; otherwise only changed packages need them.
  walker.with_published = !base_index_ || options_.force;
  // docs/behaviour.md §7.8: read only what changed since the base, when the
  // base says what it saw and shares this build's inputs (LoadBase then kept
  // its index as text).
  if (base_index_ && !base_text_.empty()) {
    WPP_ASSIGN_OR_RETURN(walker.also_read, PackagesWithLostBlobs());
  }
  if (base_index_ && !base_text_.empty()) {
    walker.changed_since = base_mark_->change_seq;
    // Up to half the catalogue reading by name still beats the full walk.
    walker.max_changed =
        static_cast<size_t>(std::count(base_text_.begin(), base_text_.end(), '\n')) / 2 + 100;
  }
  walker.begin = [&](const SnapshotInfo& info) {
    progress.emplace("build", info.packages);
    return StartWriter(info, target, snapshot);
  };
  walker.each = [&](SnapshotRow&& row) -> base::Status {
    if (options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed)) {
      return Error(ErrorCode::kUnavailable, "interrupted");
    }
    progress->Add(1);
    return writer_->Add(std::move(row));
  };
  // Finish inside the walk, so a failing package surfaces as the walk's error.
  walker.end = [&] { return writer_->Finish(); };
  base::Status walked = snapshot.Walk(walker);
  if (!walked.ok() && writer_) {
    (void)writer_->Finish();  // Stop the workers; the walk's error is the one to report.
  }
  if (walked.ok() && !writer_) {
    return Error(ErrorCode::kInternal, "the build snapshot was never opened");
  }
  return walked;
}

base::Status Builder::WriteRootFiles(const std::optional<Target>& target) {
  index_ = writer_->TakeIndex();
  ChangeList changes;
  changes.base_build = result_.base_build;
  changes.updated = writer_->TakeChanged();
  if (base_index_) {
    for (const auto& [name, entry] : *base_index_) {
      // An incremental build's base_index_ holds only the names it read.
      const bool considered = !target || name == target->name;
      const bool present =
          considered && std::binary_search(index_.begin(), index_.end(), IndexLine{name, {}},
                                           [](const IndexLine& a, const IndexLine& b) {
                                             return a.first < b.first;
                                           });
      if (considered && !present) {
        changes.deleted.push_back(name);
      }
    }
    std::sort(changes.deleted.begin(), changes.deleted.end());
  }
  result_.packages_changed = static_cast<int64_t>(changes.updated.size());
  result_.packages_deleted = static_cast<int64_t>(changes.deleted.size());
  WPP_RETURN_IF_ERROR(WriteFileAtomic(
      result_.dir / kIndexFile, incremental_ ? MergedIndex() : RenderIndex(index_), false, fs_));
  WPP_RETURN_IF_ERROR(
      WriteFileAtomic(result_.dir / kChangesFile, RenderChanges(changes), false, fs_));
  packages_json_ = RenderPackagesJson(options_.app_url);
  result_.root_hash = base::Sha256Hex(packages_json_);
  return WriteFileAtomic(result_.dir / kPackagesJson, packages_json_, false, fs_);
}

base::Status Builder::Validate() {
  if (options_.before_validation_for_test) {
    options_.before_validation_for_test(result_.dir);
  }
  std::vector<std::string> problems = writer_->problems();
  auto packages_json = ReadFile(result_.dir / kPackagesJson, fs_);
  if (!packages_json || !internal::IsJsonObject(*packages_json)) {
    problems.push_back("packages.json does not parse as a JSON object");
  }
  // A build never names a file it cannot serve: blobs reused from the base
  // were in the listing taken at the start; the ones written are checked with
  // one stat each, so the cost follows the change. Without a listing, one now.
  if (base::Status blobs = incremental_     ? CheckChangedBlobs()
                           : present_blobs_ ? CheckBlobsAfterListing()
                                            : CheckBlobs(blobs_->dir(), index_, fs_);
      !blobs.ok()) {
    problems.push_back(blobs.error().message() + "; `build --force` writes every file again");
  }
  if (static_cast<int64_t>(index_.size()) != writer_->counters().packages) {
    problems.push_back("index lists " + std::to_string(index_.size()) + " packages, expected " +
                       std::to_string(writer_->counters().packages));
  }
  if (problems.empty()) {
    return base::Status::Ok();
  }
  for (const std::string& problem : problems) {
    base::log::Error("integrity problem", {{"build_id", result_.build_id}, {"problem", problem}});
  }
  return Error(ErrorCode::kDataLoss, "integrity validation failed with " +
                                         std::to_string(problems.size()) +
                                         " errors (first: " + problems.front() + ")");
}

base::Status Builder::CheckBlobsAfterListing() {
  BlobSet stored;
  int64_t gone = 0;
  std::string first;
  for (const Hash128& hash : writer_->stored()) {
    if (stored.insert(hash).second && !blobs_->Has(hash) && gone++ == 0) {
      first = BlobFileName(hash);
    }
  }
  for (const auto& [name, entry] : index_) {
    for (const std::optional<Hash128>& hash : {entry.main, entry.dev}) {
      if (hash && !stored.contains(*hash) && !present_blobs_->contains(*hash) && gone++ == 0) {
        first = BlobFileName(*hash) + " of " + name;
      }
    }
  }
  if (gone == 0) {
    return base::Status::Ok();
  }
  return Error(ErrorCode::kFailedPrecondition, std::to_string(gone) + " p2 files have no blob in " +
                                                   blobs_->dir().string() + " (first: " + first +
                                                   ")");
}

base::Status Builder::CheckChangedBlobs() {
  // Carried-over entries are the base's, which vouched for them; the rest
  // are checked with one stat per blob (docs/behaviour.md §7.8).
  int64_t gone = 0;
  std::string first;
  const auto check = [&](const Hash128& hash, const std::string& what) {
    if (!blobs_->Has(hash) && gone++ == 0) {
      first = BlobFileName(hash) + what;
    }
  };
  for (const Hash128& hash : writer_->stored()) {
    check(hash, "");
  }
  for (const std::string& name : changed_) {
    const auto it =
        std::lower_bound(index_.begin(), index_.end(), IndexLine{name, {}},
                         [](const IndexLine& a, const IndexLine& b) { return a.first < b.first; });
    if (it == index_.end() || it->first != name) {
      continue;
    }
    for (const std::optional<Hash128>& hash : {it->second.main, it->second.dev}) {
      if (hash) {
        check(*hash, " of " + name);
      }
    }
  }
  if (gone == 0) {
    return base::Status::Ok();
  }
  return Error(ErrorCode::kFailedPrecondition, std::to_string(gone) + " p2 files have no blob in " +
                                                   blobs_->dir().string() + " (first: " + first +
                                                   ")");
}

// Modification time of `path` in nanoseconds; -1 when it cannot be read.
int64_t MtimeNanos(const fs::path& path, io::FileSystem& file_system) {
  auto info = file_system.Stat(io::kWorkingDir, path.string(), true);
  return info ? info->mtime_seconds * 1'000'000'000 + info->mtime_nanoseconds : -1;
}

base::Status Builder::StampBlobShards() {
  std::string stamp;
  for (int shard = 0; shard < kBlobShards; ++shard) {
    stamp += std::to_string(MtimeNanos(blobs_->dir() / BlobShardName(shard), fs_)) + "\n";
  }
  // Written after the times were read: its own time tells the next build
  // which of them may hide a later change in the same clock tick.
  return WriteFileAtomic(result_.dir / kShardStampFile, stamp, false, fs_);
}

base::Result<std::vector<std::string>> Builder::PackagesWithLostBlobs() {
  const fs::path base_dir = options_.output_dir / result_.base_build;
  std::vector<int64_t> then;
  if (auto stamp = ReadFile(base_dir / kShardStampFile, fs_)) {
    for (std::string_view rest = *stamp; !rest.empty();) {
      const size_t end = rest.find('\n');
      then.push_back(std::atoll(std::string(rest.substr(0, end)).c_str()));
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    }
  }
  const int64_t stamped_at = MtimeNanos(base_dir / kShardStampFile, fs_);
  // A shard is known unchanged when its time is the one recorded and that
  // time is older than the record itself; any other shard is listed.
  std::vector<std::unique_ptr<BlobSet>> listed(kBlobShards);
  bool any = false;
  for (int shard = 0; shard < kBlobShards; ++shard) {
    const fs::path dir = blobs_->dir() / BlobShardName(shard);
    const size_t i = static_cast<size_t>(shard);
    const int64_t now = MtimeNanos(dir, fs_);
    if (then.size() == kBlobShards && then[i] >= 0 && then[i] < stamped_at && now == then[i]) {
      continue;
    }
    listed[i] = std::make_unique<BlobSet>();
    base::Status status = fs_.ListDir(dir.string(), [&](std::string_view name, io::FileType) {
      const auto hash = name.size() == 37 ? Hash128::FromHex(name.substr(0, 32)) : std::nullopt;
      if (hash) {
        listed[i]->insert(*hash);
      }
    });
    if (!status.ok() && status.error().code() != ErrorCode::kNotFound) {
      return Error(ErrorCode::kUnavailable, status.error().message());
    }
    any = true;
  }
  std::vector<std::string> lost;
  if (!any) {
    return lost;
  }
  const auto check = [&](const std::string& name, const IndexEntry& entry) {
    for (const std::optional<Hash128>& hash : {entry.main, entry.dev}) {
      const BlobSet* shard = hash ? listed[static_cast<size_t>(BlobShardOf(*hash))].get() : nullptr;
      if (shard != nullptr && !shard->contains(*hash)) {
        lost.push_back(name);
        return;
      }
    }
  };
  if (base_text_.empty()) {
    for (const auto& [name, entry] : *base_index_) {
      check(name, entry);
    }
  }
  ForEachLine(base_text_, [&](std::string_view, std::string_view line) {
    if (const auto parsed = ParseIndexLine(line)) {
      check(parsed->first, parsed->second);
    }
  });
  std::sort(lost.begin(), lost.end());
  return lost;
}

void Builder::PruneChangeLog() {
  // Positions up to the base's are no longer needed by a build based on
  // `current` or anything newer; without a base, none before this build's
  // (docs/behaviour.md §7.8).
  const int64_t through = result_.base_build.empty() ? change_seq_
                          : base_mark_               ? base_mark_->change_seq
                                                     : 0;
  if (through <= 0) {
    return;
  }
  SnapshotStore snapshot(db_);
  if (base::Status pruned = snapshot.PruneChanges(through); !pruned.ok()) {
    base::log::Warn("pruning the change log failed", {{"error", pruned.error().message()}});
  }
}

base::Status Builder::Finish() {
  const WriterCounters& c = writer_->counters();
  result_.packages_total = c.packages + carried_packages_;
  result_.packages_reused = c.reused + carried_packages_;
  result_.packages_written = c.written;
  result_.packages_spliced = c.spliced;
  result_.packages_skipped = c.skipped_rows;
  result_.versions_dropped = c.dropped_versions;
  result_.blobs_verified = c.verified;
  result_.blobs_repaired = c.repaired;
  if (options_.durable) {
    const auto sync_start = std::chrono::steady_clock::now();
    WPP_RETURN_IF_ERROR(fs_.SyncFileSystem(result_.dir));
    result_.sync_seconds = Seconds(sync_start);
  }
  const auto finished = clock_.Now();
  Manifest m;
  m.artifact_count = c.files + carried_files_ + 1;
  m.build_id = result_.build_id;
  m.base_build = result_.base_build;
  m.blobs_verified = true;  // Written blobs hash to their names; reused ones were vouched for.
  m.snapshot_id = result_.snapshot_id;
  m.change_seq = change_seq_;
  m.inputs_hash = inputs_hash_;
  m.duration_seconds = base::UnixSeconds(finished) - base::UnixSeconds(started_);
  m.started_at = base::FormatRfc3339(started_);
  m.finished_at = base::FormatRfc3339(finished);
  m.packages_changed = result_.packages_changed;
  m.packages_deleted = result_.packages_deleted;
  m.packages_reused = result_.packages_reused;
  m.packages_total = result_.packages_total;
  m.root_hash = result_.root_hash;
  WPP_RETURN_IF_ERROR(StampBlobShards());
  // The manifest goes last: a directory without one is an unfinished build.
  WPP_RETURN_IF_ERROR(
      WriteFileAtomic(result_.dir / kManifestJson, RenderManifest(m), options_.durable, fs_));
  result_.artifact_count = m.artifact_count + 1;
  BuildRecord record;
  record.id = result_.build_id;
  record.started_at = m.started_at;
  record.finished_at = m.finished_at;
  record.duration_seconds = m.duration_seconds;
  record.packages_total = result_.packages_total;
  record.packages_changed = result_.packages_changed;
  record.packages_skipped = result_.packages_skipped;
  record.artifact_count = result_.artifact_count;
  record.root_hash = result_.root_hash;
  if (result_.snapshot_id > 0) {
    record.sync_run_id = result_.snapshot_id;
  }
  const base::Status recorded = owns_row_ ? store_.Complete(record) : store_.RecordFigures(record);
  if (!recorded.ok()) {
    base::log::Warn("recording the build failed", {{"error", recorded.error().message()}});
  }
  return base::Status::Ok();
}

void Builder::RecordFailure(const Error& error) {
  MarkFailed(result_.dir, error.message(), fs_);
  if (owns_row_) {
    if (base::Status failed = store_.Fail(result_.build_id, error.message()); !failed.ok()) {
      base::log::Warn("recording the failed build failed", {{"error", failed.error().message()}});
    }
  }
  base::log::Error("build failed", {{"build_id", result_.build_id}, {"error", error.message()}});
}

base::Result<BuildResult> Builder::Run() {
  WPP_ASSIGN_OR_RETURN(const std::optional<Target> target, ParseTarget(options_.package));
  WPP_RETURN_IF_ERROR(Claim());
  if (options_.build_id.empty()) {
    WPP_RETURN_IF_ERROR(store_.InsertRunning(result_.build_id, base::FormatRfc3339(started_),
                                             static_cast<int64_t>(getpid())));
    owns_row_ = true;
  }
  LoadBase();
  const auto populate_start = std::chrono::steady_clock::now();
  base::Status status = Populate(target);
  result_.populate_seconds = Seconds(populate_start);
  if (status.ok()) {
    status = WriteRootFiles(target);
  }
  if (status.ok()) {
    const auto validate_start = std::chrono::steady_clock::now();
    status = Validate();
    result_.validate_seconds = Seconds(validate_start);
  }
  if (status.ok()) {
    status = Finish();
  }
  if (!status.ok()) {
    Error error = std::move(status).error().Annotate("build " + result_.build_id);
    RecordFailure(error);
    return error;
  }
  PruneChangeLog();
  result_.incremental = incremental_;
  result_.seconds = std::chrono::duration<double>(clock_.Now() - started_).count();
  base::log::Info("build complete", {{"build_id", result_.build_id},
                                     {"base", result_.base_build},
                                     {"packages", result_.packages_total},
                                     {"changed", result_.packages_changed},
                                     {"deleted", result_.packages_deleted},
                                     {"reused", result_.packages_reused},
                                     {"written", result_.packages_written},
                                     {"spliced", result_.packages_spliced},
                                     {"skipped", result_.packages_skipped},
                                     {"blobs_rehashed", result_.blobs_verified},
                                     {"blobs_repaired", result_.blobs_repaired},
                                     {"files", result_.artifact_count},
                                     {"packages_seconds", result_.populate_seconds},
                                     {"validate_seconds", result_.validate_seconds},
                                     {"sync_seconds", result_.sync_seconds},
                                     {"seconds", result_.seconds},
                                     {"incremental", incremental_}});
  return result_;
}

}  // namespace

base::Result<BuildResult> Build(db::Database& db, base::Clock& clock, const BuildOptions& options) {
  Builder builder(db, clock, options);
  return builder.Run();
}

}  // namespace wpp::repository
