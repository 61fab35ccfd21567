// The files of one SQLite database on disk.
#pragma once

#include <string>

namespace wpp::backup {

// Removes `path` and its -wal, -shm and -journal companions; missing files
// are fine.
void RemoveDatabaseFiles(const std::string& path);

}  // namespace wpp::backup
