// The security advisories API of `serve` (docs/behaviour.md §20.5), as
// Composer's ComposerRepository calls it and Packagist answers it:
//   GET|POST /api/security-advisories/?packages[]=<name>&updatedSince=<unix>
// answering {"advisories": {"<name>": [<advisory>, …]}}. Form fields may be
// `packages[]`, Composer's indexed `packages[0]` or `packages`.

#pragma once

#include "db/pool.h"
#include "http/server.h"

namespace wpp::advisories {

// `pool` must outlive the router.
void RegisterAdvisoryRoutes(http::Router& router, db::ConnectionPool& pool);

}  // namespace wpp::advisories
