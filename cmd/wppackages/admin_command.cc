// `admin create|promote|demote|reset-password|list|sessions` and
// `cleanup-sessions` (docs/behaviour.md §19.9).

#include <iostream>
#include <string>

#include "admin/audit_store.h"
#include "auth/session_store.h"
#include "auth/user_store.h"
#include "base/log.h"
#include "command.h"

namespace wpp::cmd {
namespace {

struct AdminFlags {
  std::string email{};
  std::string name{};
  bool password_stdin = false;
  bool revoke_all = false;
};

// Admin changes made from the command line are audited like the area's.
void Audit(app::App& app, const std::string& action, const std::string& target) {
  admin::AuditStore audit(app.db(), app.clock());
  if (auto recorded = audit.Record({.id = 0,
                                    .user_id = 0,
                                    .actor = "cli",
                                    .action = action,
                                    .target = target,
                                    .outcome = "ok",
                                    .client_ip = "",
                                    .created_at = {}});
      !recorded.ok()) {
    base::log::Warn("admin action not audited", {{"error", recorded.error().message()}});
  }
}

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
  Audit(*app, "create-admin", user.email);
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
  Audit(*app, "promote", f.email);
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
  base::log::Info("password reset; the user's sessions ended", {{"email", f.email}});
  Audit(*app, "reset-password", f.email);
  return base::Status::Ok();
}

base::Status Demote(Context& ctx, const AdminFlags& f) {
  if (f.email.empty()) {
    return base::Error(base::ErrorCode::kInvalidArgument, "--email is required");
  }
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  auth::UserStore users(app->db(), app->clock());
  WPP_RETURN_IF_ERROR(users.Demote(f.email));
  base::log::Info("admin rights removed; the user's sessions ended", {{"email", f.email}});
  Audit(*app, "demote", f.email);
  return base::Status::Ok();
}

// One line per user: email, admin or not, name.
base::Status List(Context& ctx) {
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  auth::UserStore users(app->db(), app->clock());
  WPP_ASSIGN_OR_RETURN(std::vector<auth::User> all, users.List());
  for (const auth::User& u : all) {
    std::cout << u.email << "\t" << (u.is_admin ? "admin" : "user") << "\t" << u.name << "\n";
  }
  return base::Status::Ok();
}

// Lists open sessions, or with --revoke-all ends every one of them.
base::Status Sessions(Context& ctx, const AdminFlags& f) {
  WPP_ASSIGN_OR_RETURN(auto app, ctx.OpenApp());
  auth::SessionStore sessions(app->db(), app->clock());
  if (f.revoke_all) {
    WPP_ASSIGN_OR_RETURN(int ended, sessions.RevokeAll());
    base::log::Info("all admin sessions ended", {{"sessions", ended}});
    Audit(*app, "revoke-all-sessions", std::to_string(ended));
    return base::Status::Ok();
  }
  WPP_ASSIGN_OR_RETURN(std::vector<auth::SessionInfo> open, sessions.List());
  for (const auth::SessionInfo& s : open) {
    std::cout << s.email << "\t" << s.created_at << "\t" << s.expires_at << "\t" << s.client_ip
              << "\n";
  }
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

  auto* demote = admin->add_subcommand("demote", "Take admin rights away (ends their sessions)");
  demote->add_option("--email", flags->email, "Email address of the user");
  OnRun(demote, ctx, [&ctx, flags] { return Demote(ctx, *flags); });

  auto* reset = admin->add_subcommand("reset-password",
                                      "Set a user's password from stdin (ends their sessions)");
  reset->add_option("--email", flags->email, "Email address of the user");
  reset->add_flag("--password-stdin", flags->password_stdin, "Read the password from stdin");
  OnRun(reset, ctx, [&ctx, flags] { return ResetPassword(ctx, *flags); });

  auto* list = admin->add_subcommand("list", "List users (email, admin or user, name)");
  OnRun(list, ctx, [&ctx] { return List(ctx); });

  auto* sessions = admin->add_subcommand("sessions", "List open admin sessions");
  sessions->add_flag("--revoke-all", flags->revoke_all,
                     "End every session (everyone signs in again)");
  OnRun(sessions, ctx, [&ctx, flags] { return Sessions(ctx, *flags); });
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
