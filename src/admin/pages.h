// The admin area's HTML (docs/behaviour.md §19.8): the site's renderer with
// the templates under templates/admin/ (an admin layout in the site's look,
// using the site's stylesheet; noindex, no third-party host). Templates print
// every value escaped.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "admin/audit_store.h"
#include "admin/wporg_check.h"
#include "auth/session_store.h"

namespace wpp::web {
class Renderer;
}  // namespace wpp::web

namespace wpp::admin {

struct PageContext {
  std::string site_name{};
  std::string email{};   // The signed-in admin.
  std::string csrf{};    // The session's CSRF token, for every form.
  std::string notice{};  // ?notice= (escaped on output).
  std::string error{};   // ?error= (escaped on output).
};

std::string LoginPage(const web::Renderer& renderer, std::string_view error, std::string_view csrf);
std::string LogsPage(const web::Renderer& renderer, const PageContext& page,
                     const WporgCheckResult* check);
std::string BuildsPage(const web::Renderer& renderer, const PageContext& page,
                       const std::vector<BuildRow>& builds, std::string_view current);
std::string RunsPage(const web::Renderer& renderer, const PageContext& page,
                     const std::vector<BuildRow>& pipelines, const std::vector<RunRow>& runs);
std::string SessionsPage(const web::Renderer& renderer, const PageContext& page,
                         const std::vector<auth::SessionInfo>& sessions,
                         std::string_view own_session_id);
std::string AuditPage(const web::Renderer& renderer, const PageContext& page,
                      const std::vector<AuditEntry>& entries);

// The log viewer's script, served as /admin/admin.js.
std::string_view AdminScript();

}  // namespace wpp::admin
