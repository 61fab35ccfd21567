// The wiring of check-status (docs/behaviour.md §11): this app's database,
// clock, HTTP client sized for the concurrency, the stop flag, and the
// Discord notice of a failed run.

#pragma once

#include <string>

#include "app/app.h"
#include "base/result.h"
#include "status/check_status.h"

namespace wpp::app {

struct CheckStatusJob {
  std::string type = "all";  // "plugin", "theme" or "all".
  int concurrency = 0;       // <= 0: configured default.
};

base::Result<status::CheckReport> RunCheckStatus(App& app, const CheckStatusJob& job);

}  // namespace wpp::app
