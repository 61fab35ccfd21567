#include "auth/session_store.h"

#include <sodium.h>

#include "auth/password.h"
#include "base/hash.h"

namespace wpp::auth {
namespace {

// Tokens are 43 characters of URL-safe base64; anything else is no token.
bool WellFormed(std::string_view token) {
  if (token.size() != 43) {
    return false;
  }
  for (const char c : token) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::string Hash(std::string_view token) {
  return base::Sha256Hex(token);
}

}  // namespace

std::string CsrfTokenFor(std::string_view session_token) {
  return base::HmacSha256Hex(session_token, "wppackages admin csrf v1");
}

bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

base::Result<std::string> SessionStore::Open(int64_t user_id, std::chrono::minutes lifetime,
                                             std::string_view client_ip,
                                             std::string_view user_agent,
                                             std::string_view replaces) {
  const std::string token = NewToken();
  const base::Clock::TimePoint now = clock_.Now();
  WPP_RETURN_IF_ERROR(db_.Guard("opening session", [&] {
    SQLite::Transaction tx(db_.sql());
    if (!replaces.empty()) {
      SQLite::Statement drop(db_.sql(), "DELETE FROM sessions WHERE id = ?");
      drop.bind(1, Hash(replaces));
      drop.exec();
    }
    SQLite::Statement insert(db_.sql(),
                             "INSERT INTO sessions (id, user_id, expires_at, created_at, "
                             "updated_at, client_ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, Hash(token));
    insert.bind(2, user_id);
    insert.bind(3, base::FormatRfc3339(now + lifetime));
    insert.bind(4, base::FormatRfc3339(now));
    insert.bind(5, base::FormatRfc3339(now));
    insert.bind(6, std::string(client_ip.substr(0, 64)));
    insert.bind(7, std::string(user_agent.substr(0, 256)));
    insert.exec();
    tx.commit();
  }));
  return token;
}

base::Result<std::optional<SessionUser>> SessionStore::Find(std::string_view token) {
  std::optional<SessionUser> found;
  if (!WellFormed(token)) {
    return found;
  }
  const std::string hash = Hash(token);
  WPP_RETURN_IF_ERROR(db_.Guard("finding session", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT s.id, u.id, u.email, u.name, u.is_admin FROM sessions s "
                        "JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ?");
    q.bind(1, hash);
    q.bind(2, base::FormatRfc3339(clock_.Now()));
    if (q.executeStep() && SameSecret(q.getColumn(0).getString(), hash)) {
      found = SessionUser{.id = hash,
                          .user = User{.id = q.getColumn(1).getInt64(),
                                       .email = q.getColumn(2).getString(),
                                       .name = q.getColumn(3).getString(),
                                       .password_hash = {},
                                       .is_admin = q.getColumn(4).getInt() != 0}};
    }
  }));
  return found;
}

base::Status SessionStore::Close(std::string_view token) {
  if (!WellFormed(token)) {
    return base::Status::Ok();
  }
  return Revoke(Hash(token)).status();
}

base::Result<bool> SessionStore::Revoke(std::string_view id) {
  int deleted = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("revoking session", [&] {
    SQLite::Statement drop(db_.sql(), "DELETE FROM sessions WHERE id = ?");
    drop.bind(1, std::string(id));
    deleted = drop.exec();
  }));
  return deleted > 0;
}

base::Result<int> SessionStore::RevokeUser(std::string_view email) {
  int deleted = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("revoking sessions", [&] {
    SQLite::Statement drop(
        db_.sql(), "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email = ?)");
    drop.bind(1, std::string(email));
    deleted = drop.exec();
  }));
  return deleted;
}

base::Result<int> SessionStore::RevokeAll() {
  int deleted = 0;
  WPP_RETURN_IF_ERROR(
      db_.Guard("revoking sessions", [&] { deleted = db_.sql().exec("DELETE FROM sessions"); }));
  return deleted;
}

base::Result<std::vector<SessionInfo>> SessionStore::List() {
  std::vector<SessionInfo> out;
  WPP_RETURN_IF_ERROR(db_.Guard("listing sessions", [&] {
    SQLite::Statement q(db_.sql(),
                        "SELECT s.id, s.user_id, u.email, s.created_at, s.expires_at, s.client_ip, "
                        "s.user_agent FROM sessions s JOIN users u ON u.id = s.user_id "
                        "WHERE s.expires_at > ? ORDER BY s.created_at DESC, s.id");
    q.bind(1, base::FormatRfc3339(clock_.Now()));
    while (q.executeStep()) {
      out.push_back({.id = q.getColumn(0).getString(),
                     .user_id = q.getColumn(1).getInt64(),
                     .email = q.getColumn(2).getString(),
                     .created_at = q.getColumn(3).getString(),
                     .expires_at = q.getColumn(4).getString(),
                     .client_ip = q.getColumn(5).getString(),
                     .user_agent = q.getColumn(6).getString()});
    }
  }));
  return out;
}

}  // namespace wpp::auth
