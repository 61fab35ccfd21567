// Commands whose work belongs to a later issue. Each registers its full flag
// set now (so --help is complete) and fails plainly when run. As an issue
// lands, its commands move to their own *_command.cc file.

#include "command.h"

namespace wpp::cmd {
namespace {

struct Pending {
  std::string type = "all";
  int concurrency = 0;
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

void RegisterGenerateOg(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("generate-og", "Render social preview images");
  OnRun(sub, ctx, [] { return NotYetImplemented("generate-og", "a later issue"); });
}

}  // namespace wpp::cmd
