// UserStore: every SQL statement that touches users and sessions, and the
// admin bootstrap operations behind `wppackages admin …` and
// `cleanup-sessions`.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"

namespace wpp::auth {

struct User {
  int64_t id = 0;
  std::string email{};
  std::string name{};
  std::string password_hash{};
  bool is_admin = false;
};

// Accepts an address of the form local@domain.tld: one '@', no spaces or
// control characters, a dot inside the domain, at most 254 bytes.
base::Status CheckEmail(std::string_view email);
// Accepts a password of at least kMinPasswordLength characters (UTF-8 code
// points).
inline constexpr size_t kMinPasswordLength = 12;
base::Status CheckPassword(std::string_view password);

// Not thread-safe (borrows one connection). `db` and `clock` must outlive it.
class UserStore {
 public:
  UserStore(db::Database& db, base::Clock& clock) : db_(db), clock_(clock) {}

  // Errors: kNotFound when no user has this email.
  base::Result<User> FindByEmail(std::string_view email);

  // Creates an admin with an argon2id hash of `password`. Errors:
  // kAlreadyExists for a taken email, kInvalidArgument for an empty name or
  // what CheckEmail / CheckPassword refuse.
  base::Result<User> CreateAdmin(std::string_view email, std::string_view name,
                                 std::string_view password);
  // Errors: kNotFound for an unknown email.
  base::Status Promote(std::string_view email);
  base::Status ResetPassword(std::string_view email, std::string_view password);
  // Takes admin rights away and ends the user's sessions. Errors: kNotFound.
  base::Status Demote(std::string_view email);
  // Every user, by email (password hashes left empty).
  base::Result<std::vector<User>> List();

  // Deletes expired sessions; returns how many.
  base::Result<int> DeleteExpiredSessions();

 private:
  db::Database& db_;
  base::Clock& clock_;
};

}  // namespace wpp::auth
