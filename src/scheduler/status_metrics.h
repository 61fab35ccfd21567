// The operational gauges of `GET /metrics` that come from the database and
// the repository directory (docs/behaviour.md §16.4): the current build and
// its age, the last successful pipeline, the last check-status run, SVN
// revision lag, and the scheduler's last runs.

#pragma once

#include <string>

#include "base/clock.h"
#include "db/database.h"

namespace wpp::scheduler {

void AppendStatusMetrics(db::Database& db, const std::string& repository_dir, base::Clock& clock,
                         std::string* out);

}  // namespace wpp::scheduler
