// Commands whose work belongs to a later issue. Each registers its full flag
// set now (so --help is complete) and fails plainly when run. As an issue
// lands, its commands move to their own *_command.cc file.

#include "command.h"

namespace wpp::cmd {

void RegisterAggregateInstalls(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("aggregate-installs", "Recompute install counters");
  OnRun(sub, ctx, [] { return NotYetImplemented("aggregate-installs", "a later issue"); });
}

}  // namespace wpp::cmd
