// Password hashing with argon2id (libsodium's crypto_pwhash_str, interactive
// limits), and random tokens for sessions and CSRF.

#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace wpp::auth {

// Returns a PHC string "$argon2id$v=19$m=65536,t=2,p=1$…". Errors: kInternal
// when libsodium cannot allocate the memory it needs.
base::Result<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash`. Constant time in the password.
bool VerifyPassword(std::string_view hash, std::string_view password);

// 32 random bytes, URL-safe base64 without padding (43 characters).
std::string NewToken();

}  // namespace wpp::auth
