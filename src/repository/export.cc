#include "repository/export.h"

#include "base/log.h"
#include "base/progress.h"
#include "repository/build_dir.h"
#include "repository/build_files.h"

namespace wpp::repository {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

// Copies `from` to `to` (which must not exist).
base::Status CopyFile(const fs::path& from, const fs::path& to, io::FileSystem& file_system) {
  WPP_ASSIGN_OR_RETURN(const std::string bytes, ReadFile(from, file_system));
  return WriteFileAtomic(to, bytes, false, file_system);
}

// Whether `dir` is missing or empty.
bool IsMissingOrEmpty(const fs::path& dir, io::FileSystem& file_system) {
  bool empty = true;
  base::Status listed =
      file_system.ListDir(dir, [&](std::string_view, io::FileType) { empty = false; });
  return listed.ok() ? empty : listed.error().code() == ErrorCode::kNotFound;
}

}  // namespace

base::Result<ExportResult> ExportBuild(const fs::path& build_dir, const fs::path& out_dir,
                                       io::FileSystem& file_system) {
  WPP_RETURN_IF_ERROR(ValidateBuild(build_dir, file_system));
  WPP_ASSIGN_OR_RETURN(const BuildFiles build, BuildFiles::Open(build_dir, file_system));
  if (!IsMissingOrEmpty(out_dir, file_system)) {
    return Error(ErrorCode::kFailedPrecondition,
                 "export directory " + out_dir.string() + " is not empty");
  }
  for (const char* dir : {"p2/wp-plugin", "p2/wp-theme"}) {
    if (base::Status made = file_system.MakeDirs(out_dir / dir); !made.ok()) {
      return Error(ErrorCode::kUnavailable, made.error().message());
    }
  }
  ExportResult result;
  const std::vector<BuildFiles::File> files = build.List();
  base::Progress progress("export", static_cast<int64_t>(files.size()));
  for (const BuildFiles::File& file : files) {
    const fs::path from = build.PathOf(file.hash);
    const fs::path to = out_dir / file.key;
    base::Status linked = file_system.Link(from, to);
    if (linked.ok()) {
      ++result.linked;
    } else if (linked.error().code() == ErrorCode::kFailedPrecondition) {
      WPP_RETURN_IF_ERROR(CopyFile(from, to, file_system));
    } else {
      return Error(ErrorCode::kUnavailable, linked.error().message());
    }
    ++result.files;
    progress.Add(1);
  }
  progress.Finish();
  WPP_RETURN_IF_ERROR(CopyFile(build_dir / kPackagesJson, out_dir / kPackagesJson, file_system));
  ++result.files;
  base::log::Info("build exported", {{"build", build_dir.filename().string()},
                                     {"dir", out_dir.string()},
                                     {"files", result.files},
                                     {"linked", result.linked}});
  return result;
}

}  // namespace wpp::repository
