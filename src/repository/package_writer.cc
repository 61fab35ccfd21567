#include "repository/package_writer.h"

#include <algorithm>

#include "base/hash.h"
#include "base/log.h"
#include "base/strings.h"
#include "composer/package_metadata.h"
#include "repository/internal/file_ops.h"
#include "repository/internal/json_read.h"

namespace wpp::repository {
namespace {

using composer::PackageType;

// Part of every input hash: bump it whenever the bytes SerializePackage
// produces for the same input change, so no build reuses files made by the
// old code.
constexpr std::string_view kFormat = "p2-minified-v1";

void AppendField(std::string_view value, std::string* out) {
  out->append(std::to_string(value.size()));
  out->push_back(':');
  out->append(value);
}

std::string ShortHash(std::string_view bytes) {
  return base::HexEncode(base::Sha256Raw(bytes).substr(0, 16));
}

std::string MainFile(const std::string& slug) {
  return slug + ".json";
}
std::string DevFile(const std::string& slug) {
  return slug + "~dev.json";
}

}  // namespace

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
    : options_(std::move(options)), dirs_(dirs), base_dirs_(base_dirs) {}

PackageWriter::~PackageWriter() {
  for (int fd : {dirs_.plugin, dirs_.theme, base_dirs_.plugin, base_dirs_.theme}) {
    internal::CloseFd(fd);
  }
}

int PackageWriter::DirFor(const Dirs& dirs, std::string_view vendor) const {
  return vendor == "wp-theme" ? dirs.theme : dirs.plugin;
}

std::string PackageWriter::InputHash(const PackageRow& row) {
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
  AppendField(row.published, &scratch_);
  return ShortHash(scratch_);
}

bool PackageWriter::LinkFromBase(std::string_view vendor, const std::string& slug,
                                 const IndexEntry& entry) {
  const int from = DirFor(base_dirs_, vendor);
  const int to = DirFor(dirs_, vendor);
  if (entry.main() && !internal::LinkFile(from, MainFile(slug), to, MainFile(slug))) {
    return false;
  }
  if (entry.dev() && !internal::LinkFile(from, DevFile(slug), to, DevFile(slug))) {
    if (entry.main()) {
      internal::RemoveFile(to, MainFile(slug));  // Leave no half-linked package.
    }
    return false;
  }
  return true;
}

void PackageWriter::CheckDocument(std::string_view vendor, const std::string& file,
                                  const std::string& name, std::string_view json) {
  if (std::string problem = internal::CheckP2Document(json, name); !problem.empty()) {
    problems_.push_back("p2/" + std::string(vendor) + "/" + file + ": " + problem);
  }
}

base::Result<bool> PackageWriter::PlaceFile(std::string_view vendor, const std::string& file,
                                            const FileSource& source) {
  const int to = DirFor(dirs_, vendor);
  if (options_.reuse && source.hash == source.base_hash &&
      internal::LinkFile(DirFor(base_dirs_, vendor), file, to, file)) {
    return false;
  }
  // A trunk-only plugin's two files are identical: one inode serves both.
  if (source.same_as != nullptr && internal::LinkFile(to, *source.same_as, to, file)) {
    return false;
  }
  CheckDocument(vendor, file, *source.name, *source.json);
  WPP_RETURN_IF_ERROR(internal::WriteNewFile(to, file, *source.json));
  return true;
}

base::Status PackageWriter::Add(const PackageRow& row) {
  if (!composer::IsSafeSlug(row.slug)) {
    base::log::Warn("skipping package with an unusable slug", {{"slug", row.slug}});
    ++counters_.skipped_rows;
    return base::Status::Ok();
  }
  std::string name = composer::ComposerName(row.type, row.slug);
  IndexEntry entry;
  entry.input_hash = InputHash(row);
  const IndexEntry* base = nullptr;
  if (options_.base_index) {
    const auto it = options_.base_index->find(name);
    base = it == options_.base_index->end() ? nullptr : &it->second;
  }
  if (options_.reuse && base && base->input_hash == entry.input_hash &&
      LinkFromBase(composer::Vendor(row.type), row.slug, *base)) {
    ++counters_.packages;
    ++counters_.reused;
    counters_.files += base->files();
    index_.emplace_back(std::move(name), *base);
    return base::Status::Ok();
  }
  return Publish(row, std::move(name), std::move(entry), base);
}

base::Status PackageWriter::Publish(const PackageRow& row, std::string name, IndexEntry entry,
                                    const IndexEntry* base) {
  composer::PackageInput input;
  if (!internal::ParseStringObject(row.versions_json, &input.versions)) {
    base::log::Warn("skipping package whose versions_json is not an object of strings",
                    {{"package", name}});
    ++counters_.skipped_rows;
    return base::Status::Ok();
  }
  input.type = row.type;
  input.slug = row.slug;
  input.description = row.description;
  input.author = row.author;
  input.homepage = row.homepage;
  input.trunk_revision = row.trunk_revision;
  input.last_committed = row.last_committed;
  input.published = ParsePublished(row.published);
  const composer::PackageDocuments docs = composer::SerializePackage(input);
  counters_.dropped_versions += docs.dropped_versions;
  if (!docs.main && !docs.dev) {
    return base::Status::Ok();  // A theme with no tagged versions: not published.
  }
  entry.main_hash = docs.main ? ShortHash(docs.main->json) : "";
  entry.dev_hash = docs.dev ? ShortHash(docs.dev->json) : "";
  const std::string_view vendor = composer::Vendor(row.type);
  const std::string main_file = MainFile(row.slug);
  bool wrote = false;
  if (docs.main) {
    FileSource source{&name, &docs.main->json, entry.main_hash, base ? base->main_hash : "",
                      nullptr};
    WPP_ASSIGN_OR_RETURN(const bool written, PlaceFile(vendor, main_file, source));
    wrote = wrote || written;
  }
  if (docs.dev) {
    const bool same = docs.main && entry.dev_hash == entry.main_hash;
    FileSource source{&name, &docs.dev->json, entry.dev_hash, base ? base->dev_hash : "",
                      same ? &main_file : nullptr};
    WPP_ASSIGN_OR_RETURN(const bool written, PlaceFile(vendor, DevFile(row.slug), source));
    wrote = wrote || written;
  }
  ++(wrote ? counters_.written : counters_.reused);
  if (!base || !base->SameFiles(entry)) {
    ++counters_.changed;
    changed_.push_back(name);
  }
  ++counters_.packages;
  counters_.files += entry.files();
  index_.emplace_back(std::move(name), std::move(entry));
  return base::Status::Ok();
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
  ++counters_.packages;
  ++counters_.reused;
  counters_.files += entry.files();
  index_.emplace_back(name, entry);
  return base::Status::Ok();
}

std::vector<IndexLine> PackageWriter::TakeIndex() {
  std::sort(index_.begin(), index_.end(),
            [](const IndexLine& a, const IndexLine& b) { return a.first < b.first; });
  return std::move(index_);
}

std::vector<std::string> PackageWriter::TakeChanged() {
  std::sort(changed_.begin(), changed_.end());
  return std::move(changed_);
}

}  // namespace wpp::repository
