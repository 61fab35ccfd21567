// Per-build bookkeeping files: the package index (what each package's files
// were made from and what they hold) and the change list (what differs from
// the build this one was based on).
//
// index.tsv, one line per package, sorted by name:
//   <composer name> TAB <input hash> TAB <main file hash> TAB <~dev file hash>
// where each hash is 32 hex digits, or "-" for a file the package does not
// have. The input hash covers every database value the files are made from,
// so a later build that sees the same input hash can link the files instead
// of writing them again; the file hashes cover the files' bytes, so builds
// can be compared (and single files reused) without reading p2 files.
//
// changes.json: {"base_build":"<id or empty>","delete":[names],"update":[names]}.

#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/result.h"
#include "io/file_system.h"

namespace wpp::repository {

// A 128-bit content hash (XXH3): 32 hex digits in index.tsv.
struct Hash128 {
  uint64_t high = 0;
  uint64_t low = 0;

  bool operator==(const Hash128&) const = default;
  std::string Hex() const;
  // Parses 32 lowercase hex digits.
  static std::optional<Hash128> FromHex(std::string_view hex);
  // XXH3-128 of `bytes`.
  static Hash128 Of(std::string_view bytes);
};

struct Hash128Hasher {
  size_t operator()(const Hash128& h) const { return static_cast<size_t>(h.low ^ h.high); }
};
using BlobSet = std::unordered_set<Hash128, Hash128Hasher>;

struct IndexEntry {
  Hash128 input{};
  std::optional<Hash128> main{};  // p2/<name>.json; nullopt when there is none.
  std::optional<Hash128> dev{};   // p2/<name>~dev.json; nullopt when there is none.

  int files() const { return (main ? 1 : 0) + (dev ? 1 : 0); }
  // Same published bytes.
  bool SameFiles(const IndexEntry& other) const { return main == other.main && dev == other.dev; }
};

// Composer name → entry.
using BuildIndex = std::unordered_map<std::string, IndexEntry>;
using IndexLine = std::pair<std::string, IndexEntry>;

// Renders index.tsv from lines sorted by name.
std::string RenderIndex(const std::vector<IndexLine>& lines);

// Parses one line of index.tsv (without its newline); nullopt when malformed.
std::optional<IndexLine> ParseIndexLine(std::string_view line);

// Parses the text of index.tsv; `what` names it in errors (kDataLoss).
base::Result<BuildIndex> ParseIndex(std::string_view text, std::string_view what);

// Parses index.tsv. Errors: kNotFound when the file is missing, kDataLoss
// when a line is malformed.
base::Result<BuildIndex> ReadIndex(const std::filesystem::path& path,
                                   io::FileSystem& file_system = io::FileSystem::Default());

struct ChangeList {
  std::string base_build{};            // Empty: there was no base build.
  std::vector<std::string> updated{};  // Sorted Composer names.
  std::vector<std::string> deleted{};  // Sorted Composer names.
};

std::string RenderChanges(const ChangeList& changes);

// Errors: kNotFound, kDataLoss.
base::Result<ChangeList> ReadChanges(const std::filesystem::path& path,
                                     io::FileSystem& file_system = io::FileSystem::Default());

// What changed from `from` to `to`: names whose file hashes differ or that
// are new are updated; names only in `from` are deleted.
ChangeList DiffIndexes(const BuildIndex& from, const BuildIndex& to);

}  // namespace wpp::repository
