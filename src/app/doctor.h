// `wppackages doctor`: the checks the operator's recovery guide asks for,
// run in one go (docs/behaviour.md §9.3).

#pragma once

#include <string>
#include <vector>

#include "app/app.h"

namespace wpp::app {

enum class Health { kOk, kWarning, kError };

struct Finding {
  Health health = Health::kOk;
  std::string check{};   // "database", "schema", "storage", …
  std::string detail{};  // One line.
};

// Runs every check against `app` (whose database was opened without the
// schema requirement, so an old schema is reported rather than refused).
std::vector<Finding> RunDoctor(App& app);

// "ok", "warning" or "error".
const char* HealthName(Health health);

}  // namespace wpp::app
