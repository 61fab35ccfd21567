// Canonical JSON output (docs/behaviour.md §1.2): the byte-exact encoding used for
// every artefact a build writes, so that equal inputs give equal bytes.
//
// Only the pieces the build needs: string literals and raw appends. Callers
// emit object keys in byte order themselves. Pure; thread-compatible.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/strings.h"

namespace wpp::composer {

// The canonical string literal (base/strings.h).
using base::AppendJsonString;

// The same as a value.
std::string JsonString(std::string_view s);

// Appends the decimal form of `n`.
void AppendJsonInt(int64_t n, std::string* out);

}  // namespace wpp::composer
