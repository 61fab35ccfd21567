#include "base/log.h"
#include "command.h"

namespace wpp::cmd {

void RegisterMigrate(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("migrate", "Apply pending database migrations (idempotent)");
  OnRun(sub, ctx, [&ctx]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp({}, {.require_current_schema = false}));
    base::log::Info("running migrations", {{"db", app->db().path()}});
    WPP_ASSIGN_OR_RETURN(int applied, app->db().Migrate());
    WPP_ASSIGN_OR_RETURN(int version, app->db().SchemaVersion());
    base::log::Info("migrations complete", {{"applied", applied}, {"version", version}});
    return base::Status::Ok();
  });
}

}  // namespace wpp::cmd
