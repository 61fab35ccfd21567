// Object keys of the backup bucket (layout: see backup.h). Internal to the
// backup module.

#pragma once

#include <string>

#include "base/clock.h"

namespace wpp::backup::keys {

// "db" -> "db/", "/db/" -> "db/", "" -> "".
std::string Prefix(const std::string& prefix);
// "20260313T140000Z" for 2026-03-13T14:00:00Z.
std::string Stamp(base::Clock::TimePoint t);
bool IsStamp(const std::string& text);
// Requires IsStamp(stamp).
base::Clock::TimePoint ParseStamp(const std::string& stamp);
// "<prefix>/2026/03/13/20260313T140000Z.db.zst". Requires IsStamp(stamp).
std::string ForStamp(const std::string& prefix, const std::string& stamp);
std::string Latest(const std::string& prefix);
std::string Checksum(const std::string& snapshot_key);

}  // namespace wpp::backup::keys
