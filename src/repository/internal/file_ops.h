// The file writes the blob store and the build directory share, on top of
// the FileSystem seam (io/file_system.h). Errors come back as Status;
// nothing throws.

#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "io/file_system.h"

namespace wpp::repository::internal {

// Creates `path` (mode 0755) if needed and opens it as a directory.
// Errors: kUnavailable.
base::Result<int> MakeAndOpenDir(io::FileSystem& file_system, const std::string& path);

// Writes `name` in `dir` (a descriptor or io::kWorkingDir): opens it with
// `mode`, writes all of `bytes`, fsyncs it when `durable`, closes it. A file
// it created (kExclusive) and could not finish is removed again. Errors:
// kUnavailable (kAlreadyExists when `mode` is kExclusive and the name is
// taken).
base::Status WriteFile(io::FileSystem& file_system, int dir, const std::string& name,
                       std::string_view bytes, io::CreateMode mode, bool durable);

}  // namespace wpp::repository::internal
