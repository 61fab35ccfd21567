#include "repository/package_writer.h"

#include <algorithm>

#include "base/log.h"
#include "base/strings.h"
#include "composer/package_metadata.h"
#include "repository/build_files.h"
#include "repository/internal/json_read.h"

namespace wpp::repository {
namespace {

// Part of every input hash: bump it whenever the bytes SerializePackage
// produces for the same input change, so no build reuses files made by the
// old code.
constexpr std::string_view kFormat = "p2-minified-v3/xxh128";

void AppendField(std::string_view value, std::string* out) {
  out->append(std::to_string(value.size()));
  out->push_back(':');
  out->append(value);
}

composer::PackageInput ToInput(SnapshotRow row) {
  composer::PackageInput input;
  input.type = row.type;
  input.slug = std::move(row.slug);
  input.description = std::move(row.description);
  input.author = std::move(row.author);
  input.homepage = std::move(row.homepage);
  input.trunk_revision = row.trunk_revision;
  input.last_committed = std::move(row.last_committed);
  input.published = ParsePublished(row.published);
  input.advisories = std::move(row.advisories);
  return input;
}

}  // namespace

void WriterCounters::Add(const WriterCounters& other) {
  packages += other.packages;
  written += other.written;
  reused += other.reused;
  changed += other.changed;
  files += other.files;
  skipped_rows += other.skipped_rows;
  dropped_versions += other.dropped_versions;
  verified += other.verified;
  repaired += other.repaired;
}

PackageWriter::PackageWriter(Options options) : options_(std::move(options)) {
  for (int i = 0; options_.threads > 1 && i < options_.threads; ++i) {
    worker_shards_.push_back(std::make_unique<Shard>());
    workers_.emplace_back(&PackageWriter::WorkerLoop, this, worker_shards_.back().get());
  }
}

PackageWriter::~PackageWriter() {
  StopWorkers();
}

void PackageWriter::StopWorkers() {
  if (!batch_.empty()) {
    queue_.Push(std::move(batch_));
    batch_.clear();
  }
  queue_.Close();
  for (std::thread& worker : workers_) {
    worker.join();
  }
  workers_.clear();
}

void PackageWriter::WorkerLoop(Shard* shard) {
  std::vector<Job> batch;
  while (queue_.Pop(&batch)) {
    for (Job& job : batch) {
      if (failed_.load(std::memory_order_relaxed)) {
        break;  // Drain without work: the build is failing.
      }
      if (base::Status status = Publish(std::move(job), shard); !status.ok()) {
        RecordError(std::move(status).error());
      }
    }
  }
}

void PackageWriter::RecordError(base::Error error) {
  std::lock_guard lock(error_mu_);
  if (!error_) {
    error_ = std::move(error);
  }
  failed_.store(true, std::memory_order_relaxed);
}

std::string PackageWriter::SharedInputsHash() {
  std::string shared;
  AppendField("package-changes-v1", &shared);
  AppendField(kFormat, &shared);
  return Hash128::Of(shared).Hex();
}

Hash128 PackageWriter::InputHash(const SnapshotRow& row) {
  scratch_.clear();
  AppendField(kFormat, &scratch_);
  AppendField(composer::Vendor(row.type), &scratch_);
  AppendField(row.slug, &scratch_);
  AppendField(row.description, &scratch_);
  AppendField(row.author, &scratch_);
  AppendField(row.homepage, &scratch_);
  AppendField(row.versions_json, &scratch_);
  AppendField(row.last_committed, &scratch_);
  AppendField(row.trunk_revision ? std::to_string(*row.trunk_revision) : "-", &scratch_);
  AppendField(std::to_string(row.version_count), &scratch_);
  // An advisory change rebuilds only its packages (docs/behaviour.md §20.6).
  AppendField(row.advisories, &scratch_);
  return Hash128::Of(scratch_);
}

base::Status PackageWriter::Add(SnapshotRow row) {
  if (failed_.load(std::memory_order_relaxed)) {
    std::lock_guard lock(error_mu_);
    return *error_;  // A worker failed: stop reading.
  }
  if (!composer::IsSafeSlug(row.slug)) {
    base::log::Warn("skipping package with an unusable slug", {{"slug", row.slug}});
    ++main_.counters.skipped_rows;
    return base::Status::Ok();
  }
  Job job;
  job.name = composer::ComposerName(row.type, row.slug);
  job.entry.input = InputHash(row);
  if (options_.base_index) {
    const auto it = options_.base_index->find(job.name);
    job.base = it == options_.base_index->end() ? nullptr : &it->second;
  }
  if (options_.reuse && job.base && job.base->input == job.entry.input) {
    if (HasBlobs(*job.base, &main_)) {
      Reuse(std::move(job.name), *job.base, &main_);
      return base::Status::Ok();
    }
    // Someone deleted blobs the base build names: serialise and store them again.
    base::log::Warn("the current build's files are missing; writing them again",
                    {{"package", job.name}});
    job.rewrite = true;
  }
  if (!row.published_loaded) {
    WPP_RETURN_IF_ERROR(LoadPublished(&row));
  }
  job.row = std::move(row);
  if (workers_.empty()) {
    return Publish(std::move(job), &main_);
  }
  // Hand packages over in batches: one queue operation per package would
  // cost more in wake-ups than serialising a small package does.
  batch_.push_back(std::move(job));
  if (batch_.size() >= kBatchSize) {
    queue_.Push(std::move(batch_));
    batch_.clear();
  }
  return base::Status::Ok();
}

base::Status PackageWriter::LoadPublished(SnapshotRow* row) {
  if (!options_.load_published) {
    return base::Error(base::ErrorCode::kInternal, "no publish times for " + row->slug);
  }
  WPP_ASSIGN_OR_RETURN(row->published, options_.load_published(row->id));
  row->published_loaded = true;
  return base::Status::Ok();
}

bool PackageWriter::HasBlobs(const IndexEntry& entry, Shard* shard) {
  const auto has = [this, shard](const Hash128& hash) {
    const bool present =
        options_.present != nullptr ? options_.present->contains(hash) : options_.blobs->Has(hash);
    return present && (!options_.verify_reused || UsableBaseBlob(hash, shard));
  };
  return (!entry.main || has(*entry.main)) && (!entry.dev || has(*entry.dev));
}

bool PackageWriter::UsableBaseBlob(const Hash128& hash, Shard* shard) {
  if (!options_.verify_reused) {
    return true;
  }
  ++shard->counters.verified;
  if (options_.blobs->Matches(hash)) {
    return true;
  }
  ++shard->counters.repaired;
  base::log::Warn("a blob of the current build does not match its name; writing it again",
                  {{"blob", hash.Hex()}});
  return false;
}

void PackageWriter::Reuse(std::string name, const IndexEntry& entry, Shard* shard) {
  ++shard->counters.packages;
  ++shard->counters.reused;
  shard->counters.files += entry.files();
  shard->index.emplace_back(std::move(name), entry);
}

base::Status PackageWriter::Publish(Job job, Shard* shard) {
  std::map<std::string, std::string> versions;
  // Invalid UTF-8 (say, in a URL) would fail the parse: repair it first.
  if (!internal::ParseStringObject(job.row.versions_json, &versions) &&
      !internal::ParseStringObject(base::SanitizeUtf8(job.row.versions_json), &versions)) {
    base::log::Warn("skipping package whose versions_json is not an object of strings",
                    {{"package", job.name}});
    ++shard->counters.skipped_rows;
    return base::Status::Ok();
  }
  composer::PackageInput input = ToInput(std::move(job.row));
  input.versions = std::move(versions);
  const composer::PackageDocuments docs = composer::SerializePackage(input);
  shard->counters.dropped_versions += docs.dropped_versions;
  if (!docs.main && !docs.dev) {
    return base::Status::Ok();  // A theme with no tagged versions: not published.
  }
  IndexEntry& entry = job.entry;
  if (docs.main) {
    entry.main = Hash128::Of(docs.main->json);
  }
  if (docs.dev) {
    entry.dev = Hash128::Of(docs.dev->json);
  }
  bool wrote = false;
  if (docs.main) {
    const FileSource source{P2Key(job.name, false), &job.name, &docs.main->json, *entry.main,
                            job.base && !job.rewrite ? job.base->main : std::nullopt};
    WPP_ASSIGN_OR_RETURN(const bool written, PlaceFile(source, shard));
    wrote = wrote || written;
  }
  // A trunk-only plugin's two files are identical: one blob serves both.
  if (docs.dev && entry.dev != entry.main) {
    const FileSource source{P2Key(job.name, true), &job.name, &docs.dev->json, *entry.dev,
                            job.base && !job.rewrite ? job.base->dev : std::nullopt};
    WPP_ASSIGN_OR_RETURN(const bool written, PlaceFile(source, shard));
    wrote = wrote || written;
  }
  ++(wrote ? shard->counters.written : shard->counters.reused);
  if (!job.base || !job.base->SameFiles(entry)) {
    ++shard->counters.changed;
    shard->changed.push_back(job.name);
  }
  ++shard->counters.packages;
  shard->counters.files += entry.files();
  shard->index.emplace_back(std::move(job.name), entry);
  return base::Status::Ok();
}

base::Result<bool> PackageWriter::PlaceFile(const FileSource& source, Shard* shard) {
  if (options_.reuse && source.hash == source.base_hash && UsableBaseBlob(source.hash, shard)) {
    return false;  // The base build's blob holds these bytes.
  }
  if (std::string problem = internal::CheckP2Document(*source.json, *source.name);
      !problem.empty()) {
    shard->problems.push_back(source.key + ": " + problem);
  }
  WPP_RETURN_IF_ERROR(options_.blobs->Put(source.hash, *source.json));
  shard->stored.push_back(source.hash);
  return true;
}

base::Status PackageWriter::CarryOver(const std::string& name, const IndexEntry& entry) {
  const auto split = base::SplitComposerName(name);
  if (!split || !composer::IsSafeSlug(split->second)) {
    return base::Error(base::ErrorCode::kDataLoss, "base index names " + name);
  }
  if (!HasBlobs(entry, &main_)) {
    return base::Error(base::ErrorCode::kDataLoss,
                       "the current build's files of " + name +
                           " are missing or do not match their names; run `build --force` to write "
                           "every file again");
  }
  Reuse(name, entry, &main_);
  return base::Status::Ok();
}

base::Status PackageWriter::Finish() {
  StopWorkers();
  for (const std::unique_ptr<Shard>& shard : worker_shards_) {
    main_.counters.Add(shard->counters);
    std::move(shard->index.begin(), shard->index.end(), std::back_inserter(main_.index));
    std::move(shard->changed.begin(), shard->changed.end(), std::back_inserter(main_.changed));
    std::move(shard->problems.begin(), shard->problems.end(), std::back_inserter(main_.problems));
    main_.stored.insert(main_.stored.end(), shard->stored.begin(), shard->stored.end());
  }
  worker_shards_.clear();
  std::lock_guard lock(error_mu_);
  if (error_) {
    return *error_;
  }
  return base::Status::Ok();
}

std::vector<IndexLine> PackageWriter::TakeIndex() {
  std::sort(main_.index.begin(), main_.index.end(),
            [](const IndexLine& a, const IndexLine& b) { return a.first < b.first; });
  return std::move(main_.index);
}

std::vector<std::string> PackageWriter::TakeChanged() {
  std::sort(main_.changed.begin(), main_.changed.end());
  return std::move(main_.changed);
}

}  // namespace wpp::repository
