#include "repository/export.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "base/log.h"
#include "base/progress.h"
#include "repository/build_dir.h"
#include "repository/build_files.h"
#include "repository/internal/file_ops.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

// Copies `from` to `to` (which must not exist).
base::Status CopyFile(const fs::path& from, const fs::path& to) {
  WPP_ASSIGN_OR_RETURN(const std::string bytes, ReadFile(from));
  return WriteFileAtomic(to, bytes, false);
}

}  // namespace

base::Result<ExportResult> ExportBuild(const fs::path& build_dir, const fs::path& out_dir) {
  WPP_RETURN_IF_ERROR(ValidateBuild(build_dir));
  WPP_ASSIGN_OR_RETURN(const BuildFiles build, BuildFiles::Open(build_dir));
  std::error_code ec;
  if (fs::exists(out_dir, ec) && !fs::is_empty(out_dir, ec)) {
    return Error(ErrorCode::kFailedPrecondition,
                 "export directory " + out_dir.string() + " is not empty");
  }
  for (const char* dir : {"p2/wp-plugin", "p2/wp-theme"}) {
    fs::create_directories(out_dir / dir, ec);
    if (ec) {
      return Error(ErrorCode::kUnavailable,
                   "creating " + (out_dir / dir).string() + ": " + ec.message());
    }
  }
  ExportResult result;
  const std::vector<BuildFiles::File> files = build.List();
  base::Progress progress("export", static_cast<int64_t>(files.size()));
  for (const BuildFiles::File& file : files) {
    const fs::path from = build.PathOf(file.hash);
    const fs::path to = out_dir / file.key;
    if (link(from.c_str(), to.c_str()) == 0) {
      ++result.linked;
    } else if (errno == EXDEV || errno == EMLINK || errno == EPERM) {
      WPP_RETURN_IF_ERROR(CopyFile(from, to));
    } else {
      return Error(ErrorCode::kUnavailable,
                   "linking " + to.string() + ": " + internal::ErrnoMessage(errno));
    }
    ++result.files;
    progress.Add(1);
  }
  progress.Finish();
  WPP_RETURN_IF_ERROR(CopyFile(build_dir / kPackagesJson, out_dir / kPackagesJson));
  ++result.files;
  base::log::Info("build exported", {{"build", build_dir.filename().string()},
                                     {"dir", out_dir.string()},
                                     {"files", result.files},
                                     {"linked", result.linked}});
  return result;
}

}  // namespace wpp::repository
