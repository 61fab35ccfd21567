// SessionStore: the admin area's sessions (docs/behaviour.md §19.2). The
// cookie carries a random token; the database only ever holds its SHA-256,
// so a copy of the database opens no session. A token is compared in
// constant time after the lookup.

#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/user_store.h"
#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"

namespace wpp::auth {

// One session as the sessions page lists it.
struct SessionInfo {
  std::string id{};  // The token's hash: safe to show and to name in a revoke form.
  int64_t user_id = 0;
  std::string email{};
  std::string created_at{};
  std::string expires_at{};
  std::string client_ip{};
  std::string user_agent{};
};

// A valid session and its user.
struct SessionUser {
  std::string id{};  // Hash of the token.
  User user{};
};

// The CSRF token of a session: derived from its cookie token (HMAC), so it
// needs no storage, differs per session and cannot be computed without the
// cookie.
std::string CsrfTokenFor(std::string_view session_token);
// Constant-time equality of two strings of any length.
bool SameSecret(std::string_view a, std::string_view b);

// Not thread-safe (borrows one connection). `db` and `clock` must outlive it.
class SessionStore {
 public:
  SessionStore(db::Database& db, base::Clock& clock) : db_(db), clock_(clock) {}

  // Opens a session for `user_id` lasting `lifetime`; returns the cookie
  // token (32 random bytes, URL-safe base64). `replaces`, when not empty, is
  // the token the browser held before: that session ends (a new token at
  // every login).
  base::Result<std::string> Open(int64_t user_id, std::chrono::minutes lifetime,
                                 std::string_view client_ip, std::string_view user_agent,
                                 std::string_view replaces = {});
  // The user of a valid (unexpired) session; nullopt for an unknown, expired
  // or malformed token.
  base::Result<std::optional<SessionUser>> Find(std::string_view token);
  // Ends the session of `token` (nothing when unknown).
  base::Status Close(std::string_view token);
  // Ends the session whose id (token hash) is `id`; false when none.
  base::Result<bool> Revoke(std::string_view id);
  // Ends every session of the user with this email; returns how many.
  base::Result<int> RevokeUser(std::string_view email);
  // Ends every session; returns how many.
  base::Result<int> RevokeAll();
  // Unexpired sessions, newest first.
  base::Result<std::vector<SessionInfo>> List();

 private:
  db::Database& db_;
  base::Clock& clock_;
};

}  // namespace wpp::auth
