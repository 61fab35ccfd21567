#include "base/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "base/strings.h"

namespace wpp::base {
namespace {

std::string Digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace

std::string Sha256Raw(std::string_view data) {
  return Digest(EVP_sha256(), data);
}
std::string Sha256Hex(std::string_view data) {
  return HexEncode(Sha256Raw(data));
}
std::string Sha1Hex(std::string_view data) {
  return HexEncode(Digest(EVP_sha1(), data));
}

std::string HmacSha256Raw(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}
std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  return HexEncode(HmacSha256Raw(key, data));
}

}  // namespace wpp::base
