// Commands whose work belongs to a later issue. Each registers its full flag
// set now (so --help is complete) and fails plainly when run. As an issue
// lands, its commands move to their own *_command.cc file.

#include "command.h"

namespace wpp::cmd {
namespace {

struct Pending {
  std::string source = "config", type = "all", name, rollback, discover_source = "config";
  std::string package, output, build_id, addr;
  int limit = 0, concurrency = 0, retain = 5;
  int64_t chunk_size = 10000;
  bool force = false, include_inactive = false, cleanup = false, to_r2 = false;
  bool skip_discover = false, skip_deploy = false, with_scheduler = false;
  std::vector<std::string> positional;
};

Pending& Flags() {
  static auto* flags = new Pending();
  return *flags;
}

}  // namespace

void RegisterCheckStatus(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("check-status", "Re-check packages for closures and re-openings");
  sub->add_option("--type", Flags().type, "plugin, theme or all");
  sub->add_option("--concurrency", Flags().concurrency, "Parallel requests (<= 0: default)");
  OnRun(sub, ctx, [] { return NotYetImplemented("check-status", "a later issue"); });
}

void RegisterPipeline(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("pipeline", "discover -> update -> build -> deploy, locked");
  sub->add_option("--discover-source", Flags().discover_source, "config or svn");
  sub->add_flag("--skip-discover", Flags().skip_discover, "Skip the discover step");
  sub->add_flag("--skip-deploy", Flags().skip_deploy, "Skip the deploy step");
  sub->add_option("--build-id", Flags().build_id, "Claim a pre-created running build row");
  OnRun(sub, ctx, [] { return NotYetImplemented("pipeline", "issue #4"); });
}

void RegisterAggregateInstalls(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("aggregate-installs", "Recompute install counters");
  OnRun(sub, ctx, [] { return NotYetImplemented("aggregate-installs", "a later issue"); });
}

void RegisterGenerateOg(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("generate-og", "Render social preview images");
  OnRun(sub, ctx, [] { return NotYetImplemented("generate-og", "a later issue"); });
}

}  // namespace wpp::cmd
