// PackageWriter: turns package rows into the p2 files of one build, doing as
// little as the change allows (decisions.md §7). For each package it hashes
// the database values the files are made from; when the base build (the one
// `current` points at) made its files from the same values, they are
// hard-linked into the new build instead of being serialised and written.
// Otherwise the files are serialised; if their bytes still equal the base
// build's they are linked all the same, and only really new bytes are
// written and reported as changed.
//
// Not thread-safe: one writer per build, used from one thread.

#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "repository/build_index.h"
#include "repository/snapshot_store.h"

namespace wpp::repository {

struct WriterCounters {
  int64_t packages = 0;          // Packages with at least one file.
  int64_t written = 0;           // Packages whose files were written.
  int64_t reused = 0;            // Packages whose files were linked from the base build.
  int64_t changed = 0;           // Packages whose bytes differ from the base build.
  int64_t files = 0;             // p2 files in the build.
  int64_t skipped_rows = 0;      // Rows left out: unsafe slug or unreadable versions_json.
  int64_t dropped_versions = 0;  // Versions Composer could not parse.
};

class PackageWriter {
 public:
  struct Options {
    std::filesystem::path dir{};             // The new build; p2/ is created here.
    std::filesystem::path base_dir{};        // The base build; empty when none.
    const BuildIndex* base_index = nullptr;  // Its index; null when none.
    bool reuse = true;                       // False (--force): serialise everything.
  };

  // Creates p2/wp-plugin and p2/wp-theme (0755) in the new build and opens
  // the directories. Errors: kUnavailable.
  static base::Result<std::unique_ptr<PackageWriter>> Open(const Options& options);
  ~PackageWriter();
  PackageWriter(const PackageWriter&) = delete;
  PackageWriter& operator=(const PackageWriter&) = delete;

  // Publishes one package. Rows that cannot be published (unsafe slug,
  // versions_json that is not an object of strings) are logged, counted and
  // skipped; a theme without tagged versions is skipped silently (§8.3).
  // Errors: kUnavailable when a file cannot be written.
  base::Status Add(const PackageRow& row);

  // Links the base build's files of `name` unchanged (builds of one
  // package). Errors: kUnavailable; kDataLoss when the base lacks them.
  base::Status CarryOver(const std::string& name, const IndexEntry& entry);

  const WriterCounters& counters() const { return counters_; }
  // The new index, sorted by name.
  std::vector<IndexLine> TakeIndex();
  // Composer names whose bytes changed, sorted.
  std::vector<std::string> TakeChanged();
  // Integrity problems found in the documents written (each is checked to
  // parse as a p2 document naming its package before it is written).
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  struct Dirs {
    int plugin = -1;
    int theme = -1;
  };
  // Where one p2 file's bytes come from and how they may be reused.
  struct FileSource {
    const std::string* name = nullptr;     // Composer name the document must hold.
    const std::string* json = nullptr;     // The serialised document.
    std::string hash{};                    // Its hash.
    std::string base_hash{};               // The base build's hash of the same file.
    const std::string* same_as = nullptr;  // A file of this build with the same bytes.
  };

  PackageWriter(Options options, Dirs dirs, Dirs base_dirs);
  int DirFor(const Dirs& dirs, std::string_view vendor) const;
  bool LinkFromBase(std::string_view vendor, const std::string& slug, const IndexEntry& entry);
  void CheckDocument(std::string_view vendor, const std::string& file, const std::string& name,
                     std::string_view json);
  // Serialises a package whose inputs changed and writes or links its files.
  base::Status Publish(const PackageRow& row, std::string name, IndexEntry entry,
                       const IndexEntry* base);
  // Puts one file into the new build: linked from the base build when its
  // bytes are the same there, else written. Returns whether it was written.
  base::Result<bool> PlaceFile(std::string_view vendor, const std::string& file,
                               const FileSource& source);
  std::string InputHash(const PackageRow& row);

  const Options options_;
  const Dirs dirs_;
  const Dirs base_dirs_;
  WriterCounters counters_{};
  std::vector<IndexLine> index_{};
  std::vector<std::string> changed_{};
  std::vector<std::string> problems_{};
  std::string scratch_{};
};

}  // namespace wpp::repository
