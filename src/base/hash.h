// Cryptographic digests used for content hashes, ETags and signatures
// (OpenSSL EVP underneath, so SHA-NI is used when the CPU has it).

#pragma once

#include <string>
#include <string_view>

namespace wpp::base {

std::string Sha256Hex(std::string_view data);
std::string Sha256Raw(std::string_view data);
std::string Sha1Hex(std::string_view data);
std::string HmacSha256Hex(std::string_view key, std::string_view data);
std::string HmacSha256Raw(std::string_view key, std::string_view data);

}  // namespace wpp::base
