// The wiring of `wppackages advisories` (docs/behaviour.md §20.4): this app's
// database, HTTP client and clock, and the feed settings.

#pragma once

#include "advisories/run.h"
#include "app/app.h"
#include "base/result.h"

namespace wpp::app {

struct AdvisoriesJob {
  bool force = false;  // Ignore the stored ETag/Last-Modified.
};

base::Result<advisories::RunReport> RunAdvisories(App& app, const AdvisoriesJob& job);

}  // namespace wpp::app
