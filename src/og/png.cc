#include "og/png.h"

#include <zlib.h>

#include <cstring>
#include <vector>

namespace wpp::og {
namespace {

void Put32(std::string& out, uint32_t v) {
  const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                         static_cast<char>(v >> 8), static_cast<char>(v)};
  out.append(bytes, 4);
}

void Chunk(std::string& out, const char type[4], const unsigned char* data, size_t size) {
  Put32(out, static_cast<uint32_t>(size));
  const size_t start = out.size();
  out.append(type, 4);
  out.append(reinterpret_cast<const char*>(data), size);
  const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(out.data() + start), size + 4);
  Put32(out, static_cast<uint32_t>(crc));
}

}  // namespace

std::string EncodePng(const unsigned char* pixels, int width, int height, int stride) {
  const size_t row_bytes = 1 + static_cast<size_t>(width) * 3;
  std::vector<unsigned char> raw(row_bytes * static_cast<size_t>(height));
  for (int y = 0; y < height; ++y) {
    const unsigned char* row = pixels + static_cast<size_t>(y) * stride;
    unsigned char* out = raw.data() + static_cast<size_t>(y) * row_bytes;
    *out++ = 0;  // Filter "None": deflate finds the repeats of flat areas itself.
    for (int x = 0; x < width; ++x) {
      uint32_t v = 0;
      std::memcpy(&v, row + 4 * x, 4);
      *out++ = static_cast<unsigned char>(v >> 16);
      *out++ = static_cast<unsigned char>(v >> 8);
      *out++ = static_cast<unsigned char>(v);
    }
  }

  std::vector<unsigned char> deflated(compressBound(raw.size()));
  z_stream z{};
  if (deflateInit2(&z, 1, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  z.next_in = raw.data();
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = deflated.data();
  z.avail_out = static_cast<uInt>(deflated.size());
  const int status = deflate(&z, Z_FINISH);
  const size_t deflated_size = z.total_out;
  deflateEnd(&z);
  if (status != Z_STREAM_END) {
    return {};
  }

  std::string png("\x89PNG\r\n\x1a\n", 8);
  png.reserve(deflated_size + 64);
  const uint32_t w = static_cast<uint32_t>(width), h = static_cast<uint32_t>(height);
  const unsigned char ihdr[13] = {static_cast<unsigned char>(w >> 24),
                                  static_cast<unsigned char>(w >> 16),
                                  static_cast<unsigned char>(w >> 8),
                                  static_cast<unsigned char>(w),
                                  static_cast<unsigned char>(h >> 24),
                                  static_cast<unsigned char>(h >> 16),
                                  static_cast<unsigned char>(h >> 8),
                                  static_cast<unsigned char>(h),
                                  8,   // Bit depth.
                                  2,   // Colour type: RGB.
                                  0,   // Deflate.
                                  0,   // Adaptive filtering (per-row filter byte).
                                  0};  // No interlace.
  Chunk(png, "IHDR", ihdr, sizeof ihdr);
  Chunk(png, "IDAT", deflated.data(), deflated_size);
  Chunk(png, "IEND", nullptr, 0);
  return png;
}

}  // namespace wpp::og
