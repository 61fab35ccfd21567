// Export: writes one build out as a plain static Composer repository
// (packages.json and p2/<vendor>/<file>), for any static file server (nginx,
// Caddy, a CDN origin) or for tools that walk files. What
// `wppackages export` calls.

#pragma once

#include <cstdint>
#include <filesystem>

#include "base/result.h"
#include "io/file_system.h"

namespace wpp::repository {

struct ExportResult {
  int64_t files = 0;   // p2 files plus packages.json.
  int64_t linked = 0;  // Hard links to blobs (the rest are copies).
};

// Writes `build_dir`'s files into `out_dir`, which must not exist or be
// empty. p2 files are hard links to the blobs when the two directories share
// a file system (blobs never change, so the links stay valid), copies
// otherwise. Errors: kFailedPrecondition for an invalid build or a non-empty
// `out_dir`; kUnavailable for file system failures.
base::Result<ExportResult> ExportBuild(const std::filesystem::path& build_dir,
                                       const std::filesystem::path& out_dir,
                                       io::FileSystem& file_system = io::FileSystem::Default());

}  // namespace wpp::repository
