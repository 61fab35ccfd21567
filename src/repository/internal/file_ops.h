// The few POSIX file operations the blob store needs, relative to open
// directory descriptors (no path lookups from the root for 130,000 files).
// Errors come back as Status; nothing throws.

#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace wpp::repository::internal {

// strerror, thread-safely.
std::string ErrnoMessage(int err);

// Creates `path` (mode 0755) if needed and opens it as a directory.
// Errors: kUnavailable.
base::Result<int> MakeAndOpenDir(const std::string& path);

// Opens an existing directory; -1 when it cannot be opened.
int OpenDir(const std::string& path);

void CloseFd(int fd);

// Writes all of `bytes` to `fd` (retrying short writes and EINTR); `name`
// is for the error message. Errors: kUnavailable.
base::Status WriteAll(int fd, std::string_view bytes, const std::string& name);

// Creates `name` in `dir_fd` (mode 0644; it must not exist) holding `bytes`.
// No fsync: the build syncs the file system once at the end. Errors:
// kUnavailable (kAlreadyExists when the name is taken).
base::Status WriteNewFile(int dir_fd, const std::string& name, std::string_view bytes);

// Removes `name` in `dir_fd`, ignoring errors.
void RemoveFile(int dir_fd, const std::string& name);

// Flushes the file system holding `path` (syncfs). Errors: kUnavailable.
base::Status SyncFileSystem(const std::string& path);

}  // namespace wpp::repository::internal
