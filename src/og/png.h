// A PNG encoder for the cards, faster than cairo's (libpng tries every row
// filter at zlib's default level; on a 1200 × 630 card that is four times
// the cost of drawing it). Rows are not filtered and deflate runs at its
// fastest level. Measured with bench/og_bench.sh on one core: 6.8 ms per
// card in all and 45 KB per file at level 1, against 13 ms / 37 KB at level
// 4 and 14 ms / 35 KB at level 6; cairo's own writer cost 25 ms per card.

#pragma once

#include <cstdint>
#include <string>

namespace wpp::og {

// Encodes 32-bit native-endian xRGB pixels (cairo's RGB24: the top byte is
// ignored) as an 8-bit RGB PNG. `stride` is in bytes. Empty when zlib
// fails (out of memory).
std::string EncodePng(const unsigned char* pixels, int width, int height, int stride);

}  // namespace wpp::og
