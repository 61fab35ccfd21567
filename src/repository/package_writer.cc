#include "repository/package_writer.h"

#include <algorithm>

#include "base/log.h"
#include "base/strings.h"
#include "composer/package_metadata.h"
#include "repository/internal/file_ops.h"
#include "repository/internal/json_read.h"

namespace wpp::repository {
namespace {

// Part of every input hash: bump it whenever the bytes SerializePackage
// produces for the same input change, so no build reuses files made by the
// old code.
constexpr std::string_view kFormat = "p2-minified-v1/xxh128";

void AppendField(std::string_view value, std::string* out) {
  out->append(std::to_string(value.size()));
  out->push_back(':');
  out->append(value);
}

std::string MainFile(const std::string& slug) {
  return slug + ".json";
}
std::string DevFile(const std::string& slug) {
  return slug + "~dev.json";
}

composer::PackageInput ToInput(PackageRow row) {
  composer::PackageInput input;
  input.type = row.type;
  input.slug = std::move(row.slug);
  input.description = std::move(row.description);
  input.author = std::move(row.author);
  input.homepage = std::move(row.homepage);
  input.trunk_revision = row.trunk_revision;
  input.last_committed = std::move(row.last_committed);
  input.published = ParsePublished(row.published);
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
}

base::Result<std::unique_ptr<PackageWriter>> PackageWriter::Open(const Options& options) {
  const std::string p2 = (options.dir / "p2").string();
  WPP_ASSIGN_OR_RETURN(const int p2_fd, internal::MakeAndOpenDir(p2));
  internal::CloseFd(p2_fd);
  Dirs dirs;
  WPP_ASSIGN_OR_RETURN(dirs.plugin, internal::MakeAndOpenDir(p2 + "/wp-plugin"));
  auto theme = internal::MakeAndOpenDir(p2 + "/wp-theme");
  if (!theme) {
    internal::CloseFd(dirs.plugin);
    return std::move(theme).error();
  }
  dirs.theme = *theme;
  Dirs base;
  if (!options.base_dir.empty()) {
    base.plugin = internal::OpenDir((options.base_dir / "p2/wp-plugin").string());
    base.theme = internal::OpenDir((options.base_dir / "p2/wp-theme").string());
  }
  return std::unique_ptr<PackageWriter>(new PackageWriter(options, dirs, base));
}

PackageWriter::PackageWriter(Options options, Dirs dirs, Dirs base_dirs)
    : options_(std::move(options)), dirs_(dirs), base_dirs_(base_dirs) {
  for (int i = 0; options_.threads > 1 && i < options_.threads; ++i) {
    worker_shards_.push_back(std::make_unique<Shard>());
    workers_.emplace_back(&PackageWriter::WorkerLoop, this, worker_shards_.back().get());
  }
}

PackageWriter::~PackageWriter() {
  StopWorkers();
  for (int fd : {dirs_.plugin, dirs_.theme, base_dirs_.plugin, base_dirs_.theme}) {
    internal::CloseFd(fd);
  }
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
      if (base::Status status = Place(std::move(job), shard); !status.ok()) {
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

int PackageWriter::DirFor(const Dirs& dirs, std::string_view vendor) const {
  return vendor == "wp-theme" ? dirs.theme : dirs.plugin;
}

Hash128 PackageWriter::InputHash(const PackageRow& row) {
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
  return Hash128::Of(scratch_);
}

bool PackageWriter::LinkFromBase(std::string_view vendor, const std::string& slug,
                                 const IndexEntry& entry) {
  const int from = DirFor(base_dirs_, vendor);
  const int to = DirFor(dirs_, vendor);
  if (entry.main && !internal::LinkFile(from, MainFile(slug), to, MainFile(slug))) {
    return false;
  }
  if (entry.dev && !internal::LinkFile(from, DevFile(slug), to, DevFile(slug))) {
    if (entry.main) {
      internal::RemoveFile(to, MainFile(slug));  // Leave no half-linked package.
    }
    return false;
  }
  return true;
}

base::Status PackageWriter::Add(PackageRow row) {
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
  job.same_inputs = options_.reuse && job.base && job.base->input == job.entry.input;
  if (!job.same_inputs && !row.published_loaded) {
    WPP_RETURN_IF_ERROR(LoadPublished(&row));
  }
  job.row = std::move(row);
  if (workers_.empty()) {
    return Place(std::move(job), &main_);
  }
  // Hand packages over in batches: one queue operation per package would
  // cost more in wake-ups than linking an unchanged package does.
  batch_.push_back(std::move(job));
  if (batch_.size() >= kBatchSize) {
    queue_.Push(std::move(batch_));
    batch_.clear();
  }
  return base::Status::Ok();
}

base::Status PackageWriter::LoadPublished(PackageRow* row) {
  if (!options_.load_published) {
    return base::Error(base::ErrorCode::kInternal, "no publish times for " + row->slug);
  }
  WPP_ASSIGN_OR_RETURN(row->published, options_.load_published(row->id));
  row->published_loaded = true;
  return base::Status::Ok();
}

base::Status PackageWriter::Place(Job job, Shard* shard) {
  if (job.same_inputs) {
    if (LinkFromBase(composer::Vendor(job.row.type), job.row.slug, *job.base)) {
      ++shard->counters.packages;
      ++shard->counters.reused;
      shard->counters.files += job.base->files();
      shard->index.emplace_back(std::move(job.name), *job.base);
      return base::Status::Ok();
    }
    job.same_inputs = false;  // The base build lost the files: serialise again.
    if (!job.row.published_loaded) {
      shard->retry.push_back(std::move(job));  // Publish times come from the reading thread.
      return base::Status::Ok();
    }
  }
  return Publish(std::move(job), shard);
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
  const std::string_view vendor = composer::Vendor(input.type);
  const std::string main_file = MainFile(input.slug);
  bool wrote = false;
  if (docs.main) {
    const FileSource source{&job.name, &docs.main->json, entry.main,
                            job.base ? job.base->main : std::nullopt, nullptr};
    WPP_ASSIGN_OR_RETURN(const bool written, PlaceFile(vendor, main_file, source, shard));
    wrote = wrote || written;
  }
  if (docs.dev) {
    const bool same = docs.main && entry.dev == entry.main;
    const FileSource source{&job.name, &docs.dev->json, entry.dev,
                            job.base ? job.base->dev : std::nullopt, same ? &main_file : nullptr};
    WPP_ASSIGN_OR_RETURN(const bool written, PlaceFile(vendor, DevFile(input.slug), source, shard));
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

base::Result<bool> PackageWriter::PlaceFile(std::string_view vendor, const std::string& file,
                                            const FileSource& source, Shard* shard) {
  const int to = DirFor(dirs_, vendor);
  if (options_.reuse && source.hash == source.base_hash &&
      internal::LinkFile(DirFor(base_dirs_, vendor), file, to, file)) {
    return false;
  }
  // A trunk-only plugin's two files are identical: one inode serves both.
  if (source.same_as != nullptr && internal::LinkFile(to, *source.same_as, to, file)) {
    return false;
  }
  if (std::string problem = internal::CheckP2Document(*source.json, *source.name);
      !problem.empty()) {
    shard->problems.push_back("p2/" + std::string(vendor) + "/" + file + ": " + problem);
  }
  WPP_RETURN_IF_ERROR(internal::WriteNewFile(to, file, *source.json));
  return true;
}

base::Status PackageWriter::CarryOver(const std::string& name, const IndexEntry& entry) {
  const size_t slash = name.find('/');
  const std::string vendor = name.substr(0, slash);
  const std::string slug = slash == std::string::npos ? "" : name.substr(slash + 1);
  if ((vendor != "wp-plugin" && vendor != "wp-theme") || !composer::IsSafeSlug(slug)) {
    return base::Error(base::ErrorCode::kDataLoss, "base index names " + name);
  }
  if (!LinkFromBase(vendor, slug, entry)) {
    return base::Error(base::ErrorCode::kDataLoss, "cannot link the base build's files of " + name);
  }
  ++main_.counters.packages;
  ++main_.counters.reused;
  main_.counters.files += entry.files();
  main_.index.emplace_back(name, entry);
  return base::Status::Ok();
}

base::Status PackageWriter::Finish() {
  StopWorkers();
  for (const std::unique_ptr<Shard>& shard : worker_shards_) {
    main_.counters.Add(shard->counters);
    std::move(shard->index.begin(), shard->index.end(), std::back_inserter(main_.index));
    std::move(shard->changed.begin(), shard->changed.end(), std::back_inserter(main_.changed));
    std::move(shard->problems.begin(), shard->problems.end(), std::back_inserter(main_.problems));
    std::move(shard->retry.begin(), shard->retry.end(), std::back_inserter(main_.retry));
  }
  worker_shards_.clear();
  {
    std::lock_guard lock(error_mu_);
    if (error_) {
      return *error_;
    }
  }
  std::vector<Job> retry = std::move(main_.retry);
  main_.retry.clear();
  for (Job& job : retry) {
    WPP_RETURN_IF_ERROR(LoadPublished(&job.row));
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
