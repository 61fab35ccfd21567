// Loads the captured WordPress.org answers bundled with the project
// (testdata/wporg/{plugins,themes}/*.json and the closure payloads in
// testdata/inline/wporg/) into the fake's package model.

#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "package.h"

namespace wpp::fakewporg {

// Packages found under `dir` (a testdata/ folder). A missing subfolder yields
// no packages; an unreadable or malformed file is kDataLoss naming the file.
// Closed fixtures keep their exact payload in `closure_payload`.
base::Result<std::vector<Package>> LoadFixtures(const std::string& dir);

// "2024-10-03 14:31:00" (UTC) or "2024-10-03" → Unix milliseconds, or -1.
int64_t ParseFixtureDate(const std::string& text);

}  // namespace wpp::fakewporg
