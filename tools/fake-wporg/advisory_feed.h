// A vulnerability feed in the Wordfence Intelligence v3 format (id → record)
// for the fake's packages: fixed records for the fixtures (akismet up to
// 5.3.1, contact-form-7's two ranges, astra), a core record, deliberately
// bad records of every kind, and deterministic synthetic records.

#pragma once

#include <cstddef>
#include <string>

#include "corpus.h"

namespace wpp::fakewporg {

// `records` = 0: the fixture records plus one synthetic record per eight
// packages; otherwise exactly `records` records (fixtures first), about one
// in 500 synthetic ones bad.
std::string RenderAdvisoryFeed(const Corpus& corpus, size_t records);

}  // namespace wpp::fakewporg
