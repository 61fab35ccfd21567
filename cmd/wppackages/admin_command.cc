// `admin create|promote|reset-password` and `cleanup-sessions`.

#include <iostream>
#include <string>

#include "auth/user_store.h"
#include "base/log.h"
#include "command.h"

namespace wpp::cmd {
namespace {

struct AdminFlags {
  std::string email{};
  std::string name{};
  bool password_stdin = false;
};

// The first line of stdin, without its line ending.
base::Result<std::string> ReadPassword(bool password_stdin) {
  if (!password_stdin) {
    return base::Error(base::ErrorCode::kInvalidArgument,
                       "--password-stdin is required (pipe password via stdin)");
  }
  std::string line;
  if (!std::getline(std::cin, line)) {
    return base::Error(base::ErrorCode::kInvalidArgument, "no password provided on stdin");
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
    line.pop_back();
  }
  if (line.empty()) {
    return base::Error(base::ErrorCode::kInvalidArgument, "password cannot be empty");
  }
  return line;
}

base::Status Create(Context& ctx, const AdminFlags& f) {
  if (f.email.empty() || f.name.empty()) {
    return base::Error(base::ErrorCode::kInvalidArgument, "--email and --name are required");
  }
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  auth::UserStore users(app->db(), app->clock());
  if (users.FindByEmail(f.email)) {
    return base::Error(base::ErrorCode::kAlreadyExists,
                       "a user with email " + f.email + " already exists");
  }
  WPP_ASSIGN_OR_RETURN(std::string password, ReadPassword(f.password_stdin));
  WPP_ASSIGN_OR_RETURN(auth::User user, users.CreateAdmin(f.email, f.name, password));
  base::log::Info("admin user created", {{"email", user.email}, {"id", user.id}});
  return base::Status::Ok();
}

base::Status Promote(Context& ctx, const AdminFlags& f) {
  if (f.email.empty()) {
    return base::Error(base::ErrorCode::kInvalidArgument, "--email is required");
  }
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  auth::UserStore users(app->db(), app->clock());
  WPP_RETURN_IF_ERROR(users.Promote(f.email));
  base::log::Info("user promoted to admin", {{"email", f.email}});
  return base::Status::Ok();
}

base::Status ResetPassword(Context& ctx, const AdminFlags& f) {
  if (f.email.empty()) {
    return base::Error(base::ErrorCode::kInvalidArgument, "--email is required");
  }
  WPP_ASSIGN_OR_RETURN(std::string password, ReadPassword(f.password_stdin));
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  auth::UserStore users(app->db(), app->clock());
  WPP_RETURN_IF_ERROR(users.ResetPassword(f.email, password));
  base::log::Info("password reset", {{"email", f.email}});
  return base::Status::Ok();
}

}  // namespace

void RegisterAdmin(CLI::App& root, Context& ctx) {
  auto* admin = root.add_subcommand("admin", "Manage admin users");
  OnRun(admin, ctx, nullptr);
  auto flags = std::make_shared<AdminFlags>();

  auto* create = admin->add_subcommand("create", "Create an admin user (password from stdin)");
  create->add_option("--email", flags->email, "Email address (login)");
  create->add_option("--name", flags->name, "Display name");
  create->add_flag("--password-stdin", flags->password_stdin, "Read the password from stdin");
  OnRun(create, ctx, [&ctx, flags] { return Create(ctx, *flags); });

  auto* promote = admin->add_subcommand("promote", "Give an existing user admin rights");
  promote->add_option("--email", flags->email, "Email address of the user");
  OnRun(promote, ctx, [&ctx, flags] { return Promote(ctx, *flags); });

  auto* reset = admin->add_subcommand("reset-password", "Set a user's password (from stdin)");
  reset->add_option("--email", flags->email, "Email address of the user");
  reset->add_flag("--password-stdin", flags->password_stdin, "Read the password from stdin");
  OnRun(reset, ctx, [&ctx, flags] { return ResetPassword(ctx, *flags); });
}

void RegisterCleanupSessions(CLI::App& root, Context& ctx) {
  auto* sub = root.add_subcommand("cleanup-sessions", "Delete expired admin sessions");
  OnRun(sub, ctx, [&ctx]() -> base::Status {
    WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
    auth::UserStore users(app->db(), app->clock());
    WPP_ASSIGN_OR_RETURN(int deleted, users.DeleteExpiredSessions());
    base::log::Info("expired sessions deleted", {{"deleted", deleted}});
    return base::Status::Ok();
  });
}

}  // namespace wpp::cmd
