// zstd compression of database snapshots, streamed so that the uncompressed
// database is never held in memory. Frames carry zstd's content checksum, so
// a corrupted download fails to decompress instead of yielding bad pages.

#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace wpp::backup {

// The compressed bytes of the file at `path` (level 3, multithreaded when
// the library supports it). Errors: kInternal when the file cannot be read.
base::Result<std::string> CompressFile(const std::string& path, int level = 3);

// Decompresses `compressed` into a new file at `path` (replaced if present).
// kDataLoss when the input is not one or more complete, valid zstd frames.
base::Status DecompressToFile(std::string_view compressed, const std::string& path);

}  // namespace wpp::backup
