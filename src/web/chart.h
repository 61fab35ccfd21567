// The monthly installs chart of the package page: an inline SVG drawn on the
// server, no chart library (docs/behaviour.md §17.8).

#pragma once

#include <string>
#include <vector>

#include "api/stats_store.h"

namespace wpp::web {

// The SVG (our own markup: safe to emit raw), or "" when there is no data or
// every month is 0. Months oldest first; the last 12 are drawn.
std::string InstallsChart(const std::vector<api::MonthInstalls>& months);

}  // namespace wpp::web
