#include "auth/user_store.h"

#include "auth/password.h"

namespace wpp::auth {
namespace {

using base::Error;
using base::ErrorCode;

Error NoSuchUser(std::string_view email) {
  return Error(ErrorCode::kNotFound, "no user found with email " + std::string(email));
}

}  // namespace

base::Status CheckEmail(std::string_view email) {
  const size_t at = email.find('@');
  const std::string_view domain = at == std::string_view::npos ? "" : email.substr(at + 1);
  const size_t dot = domain.find('.');
  bool plain = true;
  for (const char c : email) {
    plain = plain && static_cast<unsigned char>(c) > 0x20 && c != 0x7f;
  }
  if (email.empty() || email.size() > 254 || !plain || at == 0 ||
      domain.find('@') != std::string_view::npos || dot == std::string_view::npos || dot == 0 ||
      dot + 1 == domain.size()) {
    return Error(ErrorCode::kInvalidArgument,
                 "not an email address: \"" + std::string(email.substr(0, 64)) + "\"");
  }
  return base::Status::Ok();
}

base::Status CheckPassword(std::string_view password) {
  if (password.empty()) {
    return Error(ErrorCode::kInvalidArgument, "password cannot be empty");
  }
  size_t characters = 0;
  for (const char c : password) {
    characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // Not a continuation byte.
  }
  if (characters < kMinPasswordLength) {
    return Error(
        ErrorCode::kInvalidArgument,
        "password must be at least " + std::to_string(kMinPasswordLength) + " characters long");
  }
  return base::Status::Ok();
}

base::Result<User> UserStore::FindByEmail(std::string_view email) {
  std::optional<User> user;
  WPP_RETURN_IF_ERROR(db_.Guard("finding user", [&] {
    SQLite::Statement q(
        db_.sql(), "SELECT id, email, name, password_hash, is_admin FROM users WHERE email = ?");
    q.bind(1, std::string(email));
    if (q.executeStep()) {
      user = User{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                  q.getColumn(3).getString(), q.getColumn(4).getInt() != 0};
    }
  }));
  if (!user) {
    return NoSuchUser(email);
  }
  return *user;
}

base::Result<User> UserStore::CreateAdmin(std::string_view email, std::string_view name,
                                          std::string_view password) {
  if (email.empty() || name.empty()) {
    return Error(ErrorCode::kInvalidArgument, "--email and --name are required");
  }
  WPP_RETURN_IF_ERROR(CheckEmail(email));
  WPP_RETURN_IF_ERROR(CheckPassword(password));
  if (FindByEmail(email)) {
    return Error(ErrorCode::kAlreadyExists,
                 "a user with email " + std::string(email) + " already exists");
  }
  WPP_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  const std::string now = base::FormatRfc3339(clock_.Now());
  WPP_RETURN_IF_ERROR(db_.Guard("creating user", [&] {
    SQLite::Statement insert(db_.sql(),
                             "INSERT INTO users (email, name, password_hash, is_admin, created_at, "
                             "updated_at) VALUES (?, ?, ?, 1, ?, ?)");
    insert.bind(1, std::string(email));
    insert.bind(2, std::string(name));
    insert.bind(3, hash);
    insert.bind(4, now);
    insert.bind(5, now);
    insert.exec();
  }));
  return FindByEmail(email);
}

base::Status UserStore::Promote(std::string_view email) {
  int changed = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("promoting user", [&] {
    SQLite::Statement update(db_.sql(),
                             "UPDATE users SET is_admin = 1, updated_at = ? WHERE email = ?");
    update.bind(1, base::FormatRfc3339(clock_.Now()));
    update.bind(2, std::string(email));
    changed = update.exec();
  }));
  if (changed == 0) {
    return NoSuchUser(email);
  }
  return base::Status::Ok();
}

base::Status UserStore::ResetPassword(std::string_view email, std::string_view password) {
  WPP_RETURN_IF_ERROR(CheckPassword(password));
  WPP_RETURN_IF_ERROR(FindByEmail(email).status());
  WPP_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  return db_.Guard("resetting password", [&] {
    SQLite::Statement update(db_.sql(),
                             "UPDATE users SET password_hash = ?, updated_at = ? WHERE email = ?");
    update.bind(1, hash);
    update.bind(2, base::FormatRfc3339(clock_.Now()));
    update.bind(3, std::string(email));
    update.exec();
    // Sessions of the old password end with it.
    SQLite::Statement drop(
        db_.sql(), "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ?)");
    drop.bind(1, std::string(email));
    drop.exec();
  });
}

base::Status UserStore::Demote(std::string_view email) {
  int changed = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("demoting user", [&] {
    SQLite::Transaction tx(db_.sql());
    SQLite::Statement update(db_.sql(),
                             "UPDATE users SET is_admin = 0, updated_at = ? WHERE email = ?");
    update.bind(1, base::FormatRfc3339(clock_.Now()));
    update.bind(2, std::string(email));
    changed = update.exec();
    SQLite::Statement drop(
        db_.sql(), "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ?)");
    drop.bind(1, std::string(email));
    drop.exec();
    tx.commit();
  }));
  if (changed == 0) {
    return NoSuchUser(email);
  }
  return base::Status::Ok();
}

base::Result<std::vector<User>> UserStore::List() {
  std::vector<User> users;
  WPP_RETURN_IF_ERROR(db_.Guard("listing users", [&] {
    SQLite::Statement q(db_.sql(), "SELECT id, email, name, is_admin FROM users ORDER BY email");
    while (q.executeStep()) {
      users.push_back(User{.id = q.getColumn(0).getInt64(),
                           .email = q.getColumn(1).getString(),
                           .name = q.getColumn(2).getString(),
                           .password_hash = {},
                           .is_admin = q.getColumn(3).getInt() != 0});
    }
  }));
  return users;
}

base::Result<int> UserStore::DeleteExpiredSessions() {
  int deleted = 0;
  WPP_RETURN_IF_ERROR(db_.Guard("deleting expired sessions", [&] {
    SQLite::Statement del(db_.sql(), "DELETE FROM sessions WHERE expires_at < ?");
    del.bind(1, base::FormatRfc3339(clock_.Now()));
    deleted = del.exec();
  }));
  return deleted;
}

}  // namespace wpp::auth
