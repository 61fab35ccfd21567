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

// A p2 document ends with its advisories (composer/minifier.h):
// …]},"security-advisories":[<advisories>]}. The offsets of <advisories>;
// nullopt for a document without that ending.
constexpr std::string_view kAdvisoriesMember = "]},\"security-advisories\":[";

std::optional<std::pair<size_t, size_t>> AdvisoriesSpan(std::string_view doc) {
  const size_t at = doc.rfind(kAdvisoriesMember);
  if (at == std::string_view::npos || !doc.ends_with("]}") ||
      at + kAdvisoriesMember.size() > doc.size() - 2) {
    return std::nullopt;
  }
  return std::make_pair(at + kAdvisoriesMember.size(), doc.size() - 2);
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
  spliced += other.spliced;
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

Hash128 PackageWriter::InputHash(const SnapshotRow& row, std::string_view advisories) {
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
  AppendField(advisories, &scratch_);
  return Hash128::Of(scratch_);
}

std::optional<std::string> PackageWriter::SpliceableBase(const SnapshotRow& row,
                                                         const IndexEntry& base) {
  const std::optional<Hash128>& first = base.main ? base.main : base.dev;
  std::optional<std::string> doc = first ? options_.blobs->ReadChecked(*first) : std::nullopt;
  const auto span = doc ? AdvisoriesSpan(*doc) : std::nullopt;
  // The base's input hash with the advisories its document holds: equal
  // only when every other value is the base's (docs/behaviour.md §7.8).
  if (!span || InputHash(row, std::string_view(*doc).substr(
                                  span->first, span->second - span->first)) != base.input) {
    return std::nullopt;
  }
  return doc;
}

bool PackageWriter::Splice(const Job& job, std::optional<std::string>* main,
                           std::optional<std::string>* dev) {
  const auto splice = [&job](std::string_view doc) -> std::optional<std::string> {
    const auto span = AdvisoriesSpan(doc);
    if (!span) {
      return std::nullopt;
    }
    std::string out;
    out.reserve(span->first + job.row.advisories.size() + 2);
    out.append(doc.substr(0, span->first));
    out.append(job.row.advisories);
    out.append("]}");
    return out;
  };
  const IndexEntry& base = *job.base;
  if (base.main) {
    *main = splice(*job.base_doc);
    if (!*main) {
      return false;
    }
  }
  if (base.dev && base.dev == base.main) {
    *dev = *main;
  } else if (base.dev) {
    std::optional<std::string> doc = base.main ? options_.blobs->ReadChecked(*base.dev)
                                               : std::optional<std::string>(*job.base_doc);
    *dev = doc ? splice(*doc) : std::nullopt;
  }
  return !base.dev || dev->has_value();
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
  job.entry.input = InputHash(row, row.advisories);
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
  if (options_.reuse && job.base && !job.rewrite) {
    job.base_doc = SpliceableBase(row, *job.base);
  }
  if (!job.base_doc && !row.published_loaded) {
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
  std::optional<std::string> main;
  std::optional<std::string> dev;
  if (job.base_doc) {
    if (!Splice(job, &main, &dev)) {
      shard->deferred.push_back(std::move(job));  // Serialised by Finish.
      return base::Status::Ok();
    }
    ++shard->counters.spliced;
  } else {
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
    composer::PackageDocuments docs = composer::SerializePackage(input);
    shard->counters.dropped_versions += docs.dropped_versions;
    if (docs.main) {
      main = std::move(docs.main->json);
    }
    if (docs.dev) {
      dev = std::move(docs.dev->json);
    }
  }
  if (!main && !dev) {
    return base::Status::Ok();  // A theme with no tagged versions: not published.
  }
  IndexEntry& entry = job.entry;
  if (main) {
    entry.main = Hash128::Of(*main);
  }
  if (dev) {
    entry.dev = Hash128::Of(*dev);
  }
  bool wrote = false;
  if (main) {
    const FileSource source{P2Key(job.name, false), &job.name, &*main, *entry.main,
                            job.base && !job.rewrite ? job.base->main : std::nullopt};
    WPP_ASSIGN_OR_RETURN(const bool written, PlaceFile(source, shard));
    wrote = wrote || written;
  }
  // A trunk-only plugin's two files are identical: one blob serves both.
  if (dev && entry.dev != entry.main) {
    const FileSource source{P2Key(job.name, true), &job.name, &*dev, *entry.dev,
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
  std::vector<Job> deferred = std::move(main_.deferred);
  for (const std::unique_ptr<Shard>& shard : worker_shards_) {
    main_.counters.Add(shard->counters);
    std::move(shard->index.begin(), shard->index.end(), std::back_inserter(main_.index));
    std::move(shard->changed.begin(), shard->changed.end(), std::back_inserter(main_.changed));
    std::move(shard->problems.begin(), shard->problems.end(), std::back_inserter(main_.problems));
    main_.stored.insert(main_.stored.end(), shard->stored.begin(), shard->stored.end());
    std::move(shard->deferred.begin(), shard->deferred.end(), std::back_inserter(deferred));
  }
  worker_shards_.clear();
  {
    std::lock_guard lock(error_mu_);
    if (error_) {
      return *error_;
    }
  }
  for (Job& job : deferred) {
    job.base_doc.reset();
    if (!job.row.published_loaded) {
      WPP_RETURN_IF_ERROR(LoadPublished(&job.row));
    }
    WPP_RETURN_IF_ERROR(Publish(std::move(job), &main_));
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
