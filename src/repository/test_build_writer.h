// Test helper: lays out a build directory the way repository::Build does
// (root files, index.tsv, blobs) from p2 files given by key, so tests of
// deploy, serve and the object-store sync can make builds without a
// database. Header-only and test-only; link wpp::repository.

#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "repository/blob_store.h"
#include "repository/build_dir.h"
#include "repository/build_files.h"
#include "repository/build_index.h"

namespace wpp::repository {

// Writes <repository_dir>/builds/<id>/ with packages.json, manifest.json and
// index.tsv, and stores `files` ("p2/wp-plugin/a.json" → bytes) as blobs.
inline void WriteTestBuild(const std::filesystem::path& repository_dir, const std::string& id,
                           const std::map<std::string, std::string>& files,
                           const std::string& packages_json = "{}",
                           const std::string& manifest_json = "{}") {
  const std::filesystem::path dir = repository_dir / kBuildsDir / id;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / kPackagesJson) << packages_json;
  std::ofstream(dir / kManifestJson) << manifest_json;
  auto blobs = BlobStore::Open(repository_dir / kBlobsDir);
  ASSERT_TRUE(blobs) << blobs.error().message();
  std::map<std::string, IndexEntry> entries;
  for (const auto& [key, bytes] : files) {
    const auto file = ParseP2Key(key);
    ASSERT_TRUE(file) << key;
    const Hash128 hash = Hash128::Of(bytes);
    if (!(*blobs)->Has(hash)) {  // As a build does: an existing blob is kept.
      ASSERT_TRUE((*blobs)->Put(hash, bytes));
    }
    IndexEntry& entry = entries[file->name];
    entry.input = Hash128::Of(file->name);
    (file->dev ? entry.dev : entry.main) = hash;
  }
  std::ofstream(dir / kIndexFile) << RenderIndex(
      std::vector<IndexLine>(entries.begin(), entries.end()));
}

}  // namespace wpp::repository
