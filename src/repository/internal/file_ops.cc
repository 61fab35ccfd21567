#include "repository/internal/file_ops.h"

namespace wpp::repository::internal {

base::Result<int> MakeAndOpenDir(io::FileSystem& file_system, const std::string& path) {
  if (base::Status made = file_system.MakeDir(path);
      !made.ok() && made.error().code() != base::ErrorCode::kAlreadyExists) {
    return std::move(made).error();
  }
  return file_system.OpenDir(path);
}

base::Status WriteFile(io::FileSystem& file_system, int dir, const std::string& name,
                       std::string_view bytes, io::CreateMode mode, bool durable) {
  WPP_ASSIGN_OR_RETURN(const int fd, file_system.OpenForWrite(dir, name, mode));
  base::Status status = file_system.WriteAll(fd, bytes, name);
  if (status.ok() && durable) {
    status = file_system.Sync(fd, name);
  }
  base::Status closed = file_system.Close(fd, name);
  if (status.ok()) {
    status = std::move(closed);
  }
  if (!status.ok() && mode == io::CreateMode::kExclusive) {
    (void)file_system.Unlink(dir, name);  // Ours, and cut short.
  }
  return status;
}

}  // namespace wpp::repository::internal
