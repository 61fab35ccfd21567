// PackageWriter: turns package rows into the p2 files of one build, doing as
// little as the change allows (decisions.md §7). For each package it hashes
// the database values the files are made from; when the base build (the one
// `current` points at) made its files from the same values, they are
// hard-linked into the new build instead of being serialised and written.
// Otherwise the package is serialised; each file whose bytes still equal the
// base build's is linked all the same, and only really new bytes are written
// and reported as changed.
//
// Linking, serialising and writing run on `threads` workers while the caller
// keeps reading rows and hashing them. Add, CarryOver and Finish must be
// called from one thread.

#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"
#include "repository/build_index.h"
#include "repository/internal/work_queue.h"
#include "repository/snapshot_store.h"

namespace wpp::repository {

struct WriterCounters {
  int64_t packages = 0;          // Packages with at least one file.
  int64_t written = 0;           // Packages with at least one file written.
  int64_t reused = 0;            // Packages whose files were all linked from the base build.
  int64_t changed = 0;           // Packages whose bytes differ from the base build.
  int64_t files = 0;             // p2 files in the build.
  int64_t skipped_rows = 0;      // Rows left out: unsafe slug or unreadable versions_json.
  int64_t dropped_versions = 0;  // Versions Composer could not parse.

  void Add(const WriterCounters& other);
};

class PackageWriter {
 public:
  struct Options {
    std::filesystem::path dir{};             // The new build; p2/ is created here.
    std::filesystem::path base_dir{};        // The base build; empty when none.
    const BuildIndex* base_index = nullptr;  // Its index; null when none. Borrowed.
    bool reuse = true;                       // False (--force): serialise everything.
    int threads = 1;                         // Serialising workers; <= 1: inline.
    // Reads a package's publish times (PackageRow::published) when a row
    // comes without them and must be serialised. Called from the thread that
    // calls Add and Finish only.
    std::function<base::Result<std::string>(int64_t package_id)> load_published{};
  };

  // Creates p2/wp-plugin and p2/wp-theme (0755) in the new build, opens the
  // directories and starts the workers. Errors: kUnavailable.
  static base::Result<std::unique_ptr<PackageWriter>> Open(const Options& options);
  ~PackageWriter();  // Stops the workers if Finish was not called.
  PackageWriter(const PackageWriter&) = delete;
  PackageWriter& operator=(const PackageWriter&) = delete;

  // Publishes one package. Rows that cannot be published (unsafe slug,
  // versions_json that is not an object of strings) are logged, counted and
  // skipped; a theme without tagged versions is skipped silently (§8.3).
  // Errors: kUnavailable when a file cannot be written (possibly a worker's
  // error from an earlier package).
  base::Status Add(PackageRow row);

  // Links the base build's files of `name` unchanged (builds of one
  // package). Errors: kDataLoss when the base lacks them.
  base::Status CarryOver(const std::string& name, const IndexEntry& entry);

  // Waits for the workers and serialises the few packages whose base files
  // could not be linked (they need load_published, so call Finish while it
  // still works). Returns the first error of any package. The accessors
  // below are valid after it.
  base::Status Finish();

  const WriterCounters& counters() const { return main_.counters; }
  // The new index, sorted by name.
  std::vector<IndexLine> TakeIndex();
  // Composer names whose bytes changed, sorted.
  std::vector<std::string> TakeChanged();
  // Integrity problems found in the documents written: each is checked to
  // parse as a p2 document naming its package before it is written.
  const std::vector<std::string>& problems() const { return main_.problems; }

 private:
  struct Dirs {
    int plugin = -1;
    int theme = -1;
  };
  struct Job {
    PackageRow row{};
    std::string name{};
    IndexEntry entry{};
    const IndexEntry* base = nullptr;
    bool same_inputs = false;  // The base build's files were made from the same inputs.
  };
  // What one thread produced; merged by Finish.
  struct Shard {
    WriterCounters counters{};
    std::vector<IndexLine> index{};
    std::vector<std::string> changed{};
    std::vector<std::string> problems{};
    std::vector<Job> retry{};  // Unchanged packages whose base files could not be linked.
  };
  // Where one p2 file's bytes come from and how they may be reused.
  struct FileSource {
    const std::string* name = nullptr;     // Composer name the document must hold.
    const std::string* json = nullptr;     // The serialised document.
    std::optional<Hash128> hash{};         // Its hash.
    std::optional<Hash128> base_hash{};    // The base build's hash of the same file.
    const std::string* same_as = nullptr;  // A file of this build with the same bytes.
  };

  PackageWriter(Options options, Dirs dirs, Dirs base_dirs);
  int DirFor(const Dirs& dirs, std::string_view vendor) const;
  bool LinkFromBase(std::string_view vendor, const std::string& slug, const IndexEntry& entry);
  Hash128 InputHash(const PackageRow& row);
  base::Status LoadPublished(PackageRow* row);
  // Links the package's files from the base build when its inputs are
  // unchanged, else publishes it.
  base::Status Place(Job job, Shard* shard);
  // Serialises a package whose inputs changed and writes or links its files.
  base::Status Publish(Job job, Shard* shard);
  // Puts one file into the new build: linked from the base build when its
  // bytes are the same there, else written. Returns whether it was written.
  base::Result<bool> PlaceFile(std::string_view vendor, const std::string& file,
                               const FileSource& source, Shard* shard);
  void WorkerLoop(Shard* shard);
  void RecordError(base::Error error);
  void StopWorkers();

  const Options options_;
  const Dirs dirs_;
  const Dirs base_dirs_;
  Shard main_{};
  std::string scratch_{};
  std::vector<std::unique_ptr<Shard>> worker_shards_{};
  std::vector<std::thread> workers_{};
  static constexpr size_t kBatchSize = 64;
  std::vector<Job> batch_{};  // Jobs not yet handed to the workers.
  internal::WorkQueue<std::vector<Job>> queue_{8};
  std::atomic<bool> failed_{false};
  std::mutex error_mu_;
  std::optional<base::Error> error_{};  // Guarded by error_mu_.
};

}  // namespace wpp::repository
