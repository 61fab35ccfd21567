// PackageWriter: turns package rows into the p2 files of one build, doing as
// little as the change allows (docs/decisions.md §7). For each package it hashes
// the database values the files are made from; when the base build (the one
// `current` points at) made its files from the same values, the new build
// names the same blobs (blob_store.h) once it has checked they exist: no
// serialising, no writing.
// Otherwise the package is serialised; a file whose bytes still equal the
// base build's keeps its blob, and only really new bytes are stored and
// reported as changed.
//
// Serialising and storing run on `threads` workers while the caller keeps
// reading rows and hashing them. Add, CarryOver and Finish must be called
// from one thread.

#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/bounded_queue.h"
#include "base/result.h"
#include "repository/blob_store.h"
#include "repository/build_index.h"
#include "repository/snapshot_store.h"

namespace wpp::repository {

struct WriterCounters {
  int64_t packages = 0;          // Packages with at least one file.
  int64_t written = 0;           // Packages with at least one file written.
  int64_t reused = 0;            // Packages whose files all are the base build's blobs.
  int64_t changed = 0;           // Packages whose bytes differ from the base build.
  int64_t files = 0;             // p2 files in the build.
  int64_t skipped_rows = 0;      // Rows left out: unsafe slug or unreadable versions_json.
  int64_t dropped_versions = 0;  // Versions Composer could not parse.
  int64_t verified = 0;          // Base blobs re-hashed before reuse (verify_reused).
  int64_t repaired = 0;          // Base blobs that failed that check and were written again.
  int64_t spliced = 0;           // Packages given new advisories only (docs/behaviour.md §7.8).

  void Add(const WriterCounters& other);
};

class PackageWriter {
 public:
  struct Options {
    BlobStore* blobs = nullptr;  // Where new p2 documents go. Borrowed.
    // The blobs present when the build started (ListBlobs), to check the
    // base build's without a stat each; null: ask `blobs`. Borrowed.
    const BlobSet* present = nullptr;
    const BuildIndex* base_index = nullptr;  // The base build's index; null when none. Borrowed.
    bool reuse = true;                       // False (--force): serialise everything.
    // Re-hash every base blob before naming it: the base build does not
    // vouch for its blobs' content (docs/behaviour.md §7.6). A blob that fails
    // is written again.
    bool verify_reused = false;
    int threads = 1;  // Serialising workers; <= 1: inline.
    // Reads a package's publish times (SnapshotRow::published) when a row
    // comes without them and must be serialised. Called from the thread that
    // calls Add and Finish only.
    std::function<base::Result<std::string>(int64_t package_id)> load_published{};
  };

  // Starts the workers.
  explicit PackageWriter(Options options);
  ~PackageWriter();  // Stops the workers if Finish was not called.
  PackageWriter(const PackageWriter&) = delete;
  PackageWriter& operator=(const PackageWriter&) = delete;

  // Publishes one package. Rows that cannot be published (unsafe slug,
  // versions_json that is not an object of strings) are logged, counted and
  // skipped; a theme without tagged versions is skipped silently (docs/behaviour.md §6.3).
  // Errors: kUnavailable when a file cannot be written (possibly a worker's
  // error from an earlier package).
  base::Status Add(SnapshotRow row);

  // Publishes the base build's files of `name` unchanged (builds of one
  // package). Errors: kDataLoss for a name no build could have written.
  base::Status CarryOver(const std::string& name, const IndexEntry& entry);

  // Hex hash of what every package's files depend on besides its own rows
  // (the serialisation format): builds with different ones share no work.
  static std::string SharedInputsHash();

  // Waits for the workers. Returns the first error of any package. The
  // accessors below are valid after it.
  base::Status Finish();

  const WriterCounters& counters() const { return main_.counters; }
  // The new index, sorted by name.
  std::vector<IndexLine> TakeIndex();
  // Composer names whose bytes changed, sorted.
  std::vector<std::string> TakeChanged();
  // Integrity problems found in the documents written: each is checked to
  // parse as a p2 document naming its package before it is stored.
  const std::vector<std::string>& problems() const { return main_.problems; }
  // The blobs this build wrote (valid after Finish).
  const std::vector<Hash128>& stored() const { return main_.stored; }

 private:
  struct Job {
    SnapshotRow row{};
    std::string name{};
    IndexEntry entry{};
    const IndexEntry* base = nullptr;
    bool rewrite = false;  // The base's blobs are gone: store every file.
    // Set when only the package's advisories differ from the base
    // (docs/behaviour.md §7.8): the base's main document (its ~dev one when
    // it has no main), whose advisories are replaced instead of serialising.
    std::optional<std::string> base_doc{};
  };
  // What one thread produced; merged by Finish.
  struct Shard {
    WriterCounters counters{};
    std::vector<IndexLine> index{};
    std::vector<std::string> changed{};
    std::vector<std::string> problems{};
    std::vector<Hash128> stored{};  // Blobs written by this build.
    // Jobs whose base documents could not be spliced after all: serialised
    // by Finish, on the calling thread (they need their publish times).
    std::vector<Job> deferred{};
  };
  // One p2 document and what the base build held in its place.
  struct FileSource {
    std::string key{};                   // "p2/<name>.json": for problem reports.
    const std::string* name = nullptr;   // Composer name the document must hold.
    const std::string* json = nullptr;   // The serialised document.
    Hash128 hash{};                      // Its hash: the blob's name.
    std::optional<Hash128> base_hash{};  // The base build's hash of the same file.
  };

  // The input hash of `row` with `advisories` in place of its own.
  Hash128 InputHash(const SnapshotRow& row, std::string_view advisories);
  // The base document to splice `row`'s advisories into, when the base's
  // files were made from the same values but for the advisories.
  std::optional<std::string> SpliceableBase(const SnapshotRow& row, const IndexEntry& base);
  // The base's documents with job.row's advisories (docs/behaviour.md §7.8);
  // false when a base document cannot be read or spliced.
  bool Splice(const Job& job, std::optional<std::string>* main, std::optional<std::string>* dev);
  base::Status LoadPublished(SnapshotRow* row);
  // Whether the blobs `entry` names exist (and, with verify_reused, hold
  // their bytes).
  bool HasBlobs(const IndexEntry& entry, Shard* shard);
  // Whether the base blob `hash` may be named without writing it.
  bool UsableBaseBlob(const Hash128& hash, Shard* shard);
  // Adds a package whose files are the base build's, unchanged.
  static void Reuse(std::string name, const IndexEntry& entry, Shard* shard);
  // Serialises a package whose inputs changed and stores its new blobs.
  base::Status Publish(Job job, Shard* shard);
  // Stores one document unless the base build has the same bytes. Returns
  // whether it was stored.
  base::Result<bool> PlaceFile(const FileSource& source, Shard* shard);
  void WorkerLoop(Shard* shard);
  void RecordError(base::Error error);
  void StopWorkers();

  const Options options_;
  Shard main_{};
  std::string scratch_{};
  std::vector<std::unique_ptr<Shard>> worker_shards_{};
  std::vector<std::thread> workers_{};
  static constexpr size_t kBatchSize = 64;
  std::vector<Job> batch_{};  // Jobs not yet handed to the workers.
  base::BoundedQueue<std::vector<Job>> queue_{8};
  std::atomic<bool> failed_{false};
  std::mutex error_mu_;
  std::optional<base::Error> error_{};  // Guarded by error_mu_.
};

}  // namespace wpp::repository
