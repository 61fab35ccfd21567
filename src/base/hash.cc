#include "base/hash.h"

#include <algorithm>
#include <array>
#include <memory>

#include <openssl/evp.h>

#include "base/strings.h"

namespace wpp::base {
namespace {

// OpenSSL 3 looks an algorithm up by name on every EVP_sha256() use and
// allocates a context per one-shot digest; both cost more than hashing the
// short inputs here. The algorithms are fetched once and every thread keeps
// one context.
const EVP_MD* Fetched(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  return md != nullptr ? md : EVP_get_digestbyname(name);
}
const EVP_MD* Sha256Md() {
  static const EVP_MD* const md = Fetched("SHA256");
  return md;
}
const EVP_MD* Sha1Md() {
  static const EVP_MD* const md = Fetched("SHA1");
  return md;
}

EVP_MD_CTX* ThreadContext() {
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                                 EVP_MD_CTX_free);
  return ctx.get();
}

// The digest of the concatenation of `parts`.
template <size_t N>
std::string Digest(const EVP_MD* md, const std::array<std::string_view, N>& parts) {
  EVP_MD_CTX* ctx = ThreadContext();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestInit_ex2(ctx, md, nullptr);
  for (const std::string_view part : parts) {
    EVP_DigestUpdate(ctx, part.data(), part.size());
  }
  EVP_DigestFinal_ex(ctx, out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Digest(const EVP_MD* md, std::string_view data) {
  return Digest<1>(md, {data});
}

}  // namespace

std::string Sha256Raw(std::string_view data) {
  return Digest(Sha256Md(), data);
}
std::string Sha256Hex(std::string_view data) {
  return HexEncode(Sha256Raw(data));
}
std::string Sha1Hex(std::string_view data) {
  return HexEncode(Digest(Sha1Md(), data));
}

// RFC 2104 over the digest above: H((K ^ opad) ‖ H((K ^ ipad) ‖ data)),
// with a key longer than the 64-byte block hashed first.
std::string HmacSha256Raw(std::string_view key, std::string_view data) {
  constexpr size_t kBlock = 64;
  std::string hashed_key;
  if (key.size() > kBlock) {
    hashed_key = Sha256Raw(key);
    key = hashed_key;
  }
  std::array<char, kBlock> inner{};
  std::array<char, kBlock> outer{};
  std::copy(key.begin(), key.end(), inner.begin());
  std::copy(key.begin(), key.end(), outer.begin());
  for (size_t i = 0; i < kBlock; ++i) {
    inner[i] = static_cast<char>(inner[i] ^ 0x36);
    outer[i] = static_cast<char>(outer[i] ^ 0x5c);
  }
  const std::string inner_digest =
      Digest<2>(Sha256Md(), {std::string_view(inner.data(), kBlock), data});
  return Digest<2>(Sha256Md(), {std::string_view(outer.data(), kBlock), inner_digest});
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  return HexEncode(HmacSha256Raw(key, data));
}

}  // namespace wpp::base
