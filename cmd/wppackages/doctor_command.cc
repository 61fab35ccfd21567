// `doctor`: one line per check, ok / warning / error; exit 1 on any error
// (app::RunDoctor).

#include <cstdio>

#include "app/doctor.h"
#include "command.h"

namespace wpp::cmd {

void RegisterDoctor(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand(
      "doctor", "Check database, schema, storage, current build, buckets and the pipeline");
  OnRun(sub, ctx, [&ctx]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp({}, {.require_current_schema = false}));
    int errors = 0, warnings = 0;
    for (const app::Finding& f : app::RunDoctor(*app)) {
      std::printf("%-8s %-16s %s\n", app::HealthName(f.health), f.check.c_str(), f.detail.c_str());
      errors += f.health == app::Health::kError;
      warnings += f.health == app::Health::kWarning;
    }
    if (errors > 0) {
      return base::Error(base::ErrorCode::kFailedPrecondition,
                         "doctor found " + std::to_string(errors) + " error(s) and " +
                             std::to_string(warnings) + " warning(s)");
    }
    return base::Status::Ok();
  });
}

}  // namespace wpp::cmd
