#include "backup/zstd_file.h"

#include <zstd.h>

#include <fstream>
#include <memory>
#include <vector>

namespace wpp::backup {
namespace {

using base::Error;
using base::ErrorCode;

struct CctxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DctxFree {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

}  // namespace

base::Result<std::string> CompressFile(const std::string& path, int level) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error(ErrorCode::kInternal, "cannot read " + path);
  }
  std::unique_ptr<ZSTD_CCtx, CctxFree> cctx(ZSTD_createCCtx());
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_nbWorkers, 2);  // Ignored without MT support.
  std::vector<char> input(ZSTD_CStreamInSize());
  std::vector<char> output(ZSTD_CStreamOutSize());
  std::string compressed;
  bool last = false;
  while (!last) {
    in.read(input.data(), static_cast<std::streamsize>(input.size()));
    const size_t got = static_cast<size_t>(in.gcount());
    last = got < input.size();
    if (in.bad()) {
      return Error(ErrorCode::kInternal, "reading " + path + " failed");
    }
    ZSTD_inBuffer src{input.data(), got, 0};
    const ZSTD_EndDirective mode = last ? ZSTD_e_end : ZSTD_e_continue;
    bool finished = false;
    while (!finished) {
      ZSTD_outBuffer dst{output.data(), output.size(), 0};
      const size_t remaining = ZSTD_compressStream2(cctx.get(), &dst, &src, mode);
      if (ZSTD_isError(remaining)) {
        return Error(ErrorCode::kInternal,
                     std::string("zstd compression failed: ") + ZSTD_getErrorName(remaining));
      }
      compressed.append(output.data(), dst.pos);
      finished = last ? remaining == 0 : src.pos == src.size;
    }
  }
  return compressed;
}

base::Status DecompressToFile(std::string_view compressed, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    return Error(ErrorCode::kInternal, "cannot write " + path);
  }
  std::unique_ptr<ZSTD_DCtx, DctxFree> dctx(ZSTD_createDCtx());
  std::vector<char> output(ZSTD_DStreamOutSize());
  ZSTD_inBuffer src{compressed.data(), compressed.size(), 0};
  size_t pending = 1;  // Non-zero until a frame ends exactly at the input's end.
  while (src.pos < src.size) {
    ZSTD_outBuffer dst{output.data(), output.size(), 0};
    pending = ZSTD_decompressStream(dctx.get(), &dst, &src);
    if (ZSTD_isError(pending)) {
      return Error(ErrorCode::kDataLoss,
                   std::string("snapshot does not decompress: ") + ZSTD_getErrorName(pending));
    }
    out.write(output.data(), static_cast<std::streamsize>(dst.pos));
  }
  // Flush output still held in the context after the input is consumed.
  while (pending != 0) {
    ZSTD_outBuffer dst{output.data(), output.size(), 0};
    pending = ZSTD_decompressStream(dctx.get(), &dst, &src);
    if (ZSTD_isError(pending) || dst.pos == 0) {
      return Error(ErrorCode::kDataLoss, "snapshot is truncated");
    }
    out.write(output.data(), static_cast<std::streamsize>(dst.pos));
  }
  out.close();
  if (!out) {
    return Error(ErrorCode::kInternal, "writing " + path + " failed");
  }
  return base::Status::Ok();
}

}  // namespace wpp::backup
