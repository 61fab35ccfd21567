#include "admin/pages.h"

#include "base/text.h"

namespace wpp::admin {
namespace {

std::string E(std::string_view s) {
  return base::HtmlEscape(s);
}

constexpr std::string_view kStyle = R"(:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,sans-serif;background:#f8fafc;color:#0f172a}
.bar{display:flex;gap:1.25rem;align-items:center;background:#0f172a;color:#fff;padding:.6rem 1.25rem;flex-wrap:wrap}
.bar a{color:#cbd5e1;text-decoration:none}.bar a:hover{color:#fff}
.bar .who{margin-left:auto;color:#94a3b8;font-size:.85rem}
.bar button{background:#334155;color:#fff;border:0;border-radius:4px;padding:.3rem .7rem;cursor:pointer}
main{max-width:72rem;margin:1.5rem auto;padding:0 1.25rem}
h1{font-size:1.35rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .6rem}.panel h2{margin-top:0}
.panel{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:1rem;margin-bottom:1.25rem}
table{border-collapse:collapse;width:100%;font-size:.875rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{color:#475569;font-weight:600}
.notice{background:#ecfdf5;border:1px solid #6ee7b7;color:#065f46;padding:.5rem .75rem;border-radius:6px;margin-bottom:1rem}
.error{background:#fef2f2;border:1px solid #fca5a5;color:#991b1b;padding:.5rem .75rem;border-radius:6px;margin-bottom:1rem}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;background:#e2e8f0}
.b-open,.b-completed,.b-succeeded,.b-ok{background:#dcfce7;color:#166534}
.b-closed,.b-closed_permanent,.b-failed,.b-error,.b-timed_out{background:#fee2e2;color:#991b1b}
.b-not_found,.b-running,.b-skipped{background:#fef9c3;color:#854d0e}
input,select,button{font:inherit}
input[type=text],input[type=email],input[type=password],select{padding:.35rem .5rem;border:1px solid #cbd5e1;border-radius:4px}
button.primary{background:#1e3a8a;color:#fff;border:0;border-radius:4px;padding:.4rem .9rem;cursor:pointer}
button.danger{background:#991b1b;color:#fff;border:0;border-radius:4px;padding:.3rem .7rem;cursor:pointer}
form.inline{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin:0}
pre{background:#0f172a;color:#e2e8f0;padding:.75rem;border-radius:6px;overflow:auto;max-height:24rem;font-size:.8rem}
#log{background:#0b1120;color:#cbd5e1;font:12px/1.45 ui-monospace,monospace;height:28rem;overflow:auto;padding:.5rem;border-radius:6px;white-space:pre-wrap;word-break:break-all}
.tabs button{background:#e2e8f0;border:0;border-radius:4px;padding:.3rem .7rem;cursor:pointer}
.tabs button[aria-selected=true]{background:#1e3a8a;color:#fff}
.mono{font-family:ui-monospace,monospace;font-size:.8rem}
.card{max-width:360px;margin:12vh auto;background:#fff;border-radius:10px;padding:1.75rem;box-shadow:0 1px 3px #0002}
.card label{display:block;margin:.75rem 0 .25rem;font-size:.9rem}
.card input{width:100%}.card button{width:100%;margin-top:1.25rem}
.tabs{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin-bottom:.5rem}
)";

std::string Head(std::string_view title, std::string_view site_name) {
  std::string h = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  h += "<meta name=\"robots\" content=\"noindex, nofollow\">";
  h += "<title>" + E(title) + " — " + E(site_name) + " admin</title>";
  h += "<link rel=\"stylesheet\" href=\"/admin/admin.css\">";
  h += "</head>";
  return h;
}

// Hidden CSRF field for a form.
std::string Csrf(const PageContext& p) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + E(p.csrf) + "\">";
}

// The confirmation every operator action asks for.
std::string Confirm(std::string_view what) {
  return "<label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> " + E(what) +
         "</label>";
}

std::string Layout(const PageContext& p, std::string_view title, std::string_view body) {
  std::string h = Head(title, p.site_name);
  h += "<body><header class=\"bar\"><strong>" + E(p.site_name) + " Admin</strong><nav>";
  h += "<a href=\"/admin\">Logs</a> · <a href=\"/admin/builds\">Builds</a> · "
       "<a href=\"/admin/runs\">Runs</a> · <a href=\"/admin/sessions\">Sessions</a> · "
       "<a href=\"/admin/audit\">Audit</a></nav>";
  h += "<span class=\"who\">" + E(p.email) + "</span>";
  h += "<form method=\"post\" action=\"/admin/logout\" class=\"inline\">" + Csrf(p) +
       "<button type=\"submit\">Logout</button></form></header><main>";
  if (!p.notice.empty()) {
    h += "<p class=\"notice\" role=\"status\">" + E(p.notice) + "</p>";
  }
  if (!p.error.empty()) {
    h += "<p class=\"error\" role=\"alert\">" + E(p.error) + "</p>";
  }
  h += "<h1>" + E(title) + "</h1>";
  h += body;
  h += "</main><script src=\"/admin/admin.js\" defer></script></body></html>";
  return h;
}

std::string Badge(std::string_view status, std::string_view label) {
  return "<span class=\"badge b-" + E(status) + "\">" + E(label) + "</span>";
}

}  // namespace

std::string LoginPage(std::string_view site_name, std::string_view error, std::string_view csrf) {
  std::string h = Head("Admin Login", site_name);
  h += "<body><main><div class=\"card\"><h1>Admin Login</h1>";
  if (!error.empty()) {
    h += "<p class=\"error\" role=\"alert\">" + E(error) + "</p>";
  }
  h += "<form method=\"post\" action=\"/admin/login\">";
  h += "<input type=\"hidden\" name=\"csrf\" value=\"" + E(csrf) + "\">";
  h += "<label for=\"email\">Email</label><input type=\"email\" id=\"email\" name=\"email\" "
       "autocomplete=\"username\" required>";
  h += "<label for=\"password\">Password</label><input type=\"password\" id=\"password\" "
       "name=\"password\" autocomplete=\"current-password\" required>";
  h += "<button class=\"primary\" type=\"submit\">Sign "
       "in</button></form></div></main></body></html>";
  return h;
}

std::string LogsPage(const PageContext& p, const WporgCheckResult* check) {
  std::string b =
      "<section class=\"panel\" aria-labelledby=\"check-h\"><h2 id=\"check-h\">wp.org "
      "API check</h2><form class=\"inline\" method=\"get\" action=\"/admin\">";
  b += "<select name=\"type\" aria-label=\"Type\"><option value=\"plugin\">plugin</option>"
       "<option value=\"theme\"" +
       std::string(check != nullptr && check->type == "theme" ? " selected" : "") +
       ">theme</option></select>";
  b +=
      "<input type=\"text\" name=\"slug\" placeholder=\"package name\" aria-label=\"Package name\" "
      "required value=\"" +
      E(check != nullptr ? check->slug : "") + "\">";
  b += "<button class=\"primary\" type=\"submit\">Check</button></form>";
  if (check != nullptr) {
    b += "<div id=\"check-result\">";
    if (check->code != 200) {
      b += "<p>" + Badge("error", "Error") + " " + E(check->error) + "</p>";
    } else {
      b += "<p>" + Badge(check->status, StatusLabel(check->status)) + " <strong>" +
           E(check->type + "/" + check->slug) + "</strong> · HTTP " +
           std::to_string(check->http_status) + " · <a href=\"" + E(check->url) +
           "\" rel=\"noreferrer\">request URL</a></p>";
      if (!check->error.empty()) {
        b += "<p class=\"error\">" + E(check->error) + "</p>";
      }
      b += "<pre>" + E(check->payload) + "</pre>";
    }
    b += "</div>";
  }
  b += "</section>";
  b += "<section class=\"panel\" aria-labelledby=\"logs-h\"><h2 id=\"logs-h\">Logs</h2>";
  b += "<div class=\"tabs\" role=\"tablist\">";
  const char* files[] = {"wppackages", "pipeline", "check-status"};
  for (const char* f : files) {
    b += "<button type=\"button\" role=\"tab\" data-file=\"" + std::string(f) +
         "\" aria-selected=\"false\">" + std::string(f) + ".log</button>";
  }
  b += "<span id=\"log-status\" class=\"badge\">Connecting</span>";
  b += "<label><input type=\"checkbox\" id=\"log-follow\" checked> auto-scroll</label>";
  b += "<button type=\"button\" id=\"log-clear\">Clear</button></div>";
  b += "<div id=\"log\" aria-live=\"off\"></div></section>";
  b += "<section class=\"panel\"><h2>Operations</h2>";
  b += "<form class=\"inline\" method=\"post\" action=\"/admin/pipeline/run\">" + Csrf(p) +
       Confirm("run the whole pipeline now") +
       "<button class=\"primary\" type=\"submit\">Run pipeline</button></form><br>";
  b += "<form class=\"inline\" method=\"post\" action=\"/admin/packages/resync\">" + Csrf(p) +
       "<select name=\"type\" aria-label=\"Type\"><option value=\"plugin\">plugin</option>"
       "<option value=\"theme\">theme</option></select><input type=\"text\" name=\"slug\" "
       "aria-label=\"Package to re-sync\" placeholder=\"slug\" required>" +
       Confirm("re-fetch it from WordPress.org now") +
       "<button class=\"primary\" type=\"submit\">Re-sync package</button></form></section>";
  return Layout(p, "Logs", b);
}

std::string BuildsPage(const PageContext& p, const std::vector<BuildRow>& builds,
                       std::string_view current) {
  std::string b = "<p>Current build: <strong id=\"current-build\">" +
                  E(current.empty() ? "none" : current) + "</strong></p>";
  b += "<div class=\"panel\"><form class=\"inline\" method=\"post\" "
       "action=\"/admin/builds/rollback\">" +
       Csrf(p) + Confirm("roll back to the build before the current one") +
       "<button class=\"danger\" type=\"submit\">Roll back</button></form></div>";
  b += "<div class=\"panel\"><table><thead><tr><th>Build</th><th>Status</th><th>Started</th>"
       "<th>Duration</th><th>Packages</th><th>Changed</th><th>Steps / error</th><th>Action</th>"
       "</tr></thead><tbody>";
  for (const BuildRow& r : builds) {
    const bool is_current = r.id == current;
    b += "<tr" + std::string(is_current ? " aria-current=\"true\"" : "") + "><td class=\"mono\">" +
         E(r.id) + (is_current ? " <span class=\"badge b-ok\">current</span>" : "") + "</td><td>" +
         Badge(r.status, r.status) + "</td><td class=\"mono\">" + E(r.started_at) + "</td><td>" +
         std::to_string(r.duration_seconds) + " s</td><td>" + std::to_string(r.packages_total) +
         "</td><td>" + std::to_string(r.packages_changed) + "</td><td>" + E(r.steps) +
         (r.error.empty() ? "" : "<br><span class=\"error\">" + E(r.error) + "</span>") +
         "</td><td>";
    if (r.status == "completed" && !is_current) {
      b += "<form class=\"inline\" method=\"post\" action=\"/admin/builds/promote\">" + Csrf(p) +
           "<input type=\"hidden\" name=\"build\" value=\"" + E(r.id) + "\">" +
           Confirm("serve this build") +
           "<button class=\"primary\" type=\"submit\">Promote</button></form>";
    }
    b += "</td></tr>";
  }
  b += "</tbody></table></div>";
  return Layout(p, "Builds", b);
}

std::string RunsPage(const PageContext& p, const std::vector<BuildRow>& pipelines,
                     const std::vector<RunRow>& runs) {
  std::string b =
      "<h2>Scheduled and manual jobs</h2><div class=\"panel\"><table><thead><tr>"
      "<th>Job</th><th>Status</th><th>Started</th><th>Finished</th><th>Exit</th>"
      "<th>Error</th></tr></thead><tbody>";
  for (const RunRow& r : runs) {
    b += "<tr><td>" + E(r.job) + "</td><td>" + Badge(r.status, r.status) +
         "</td><td class=\"mono\">" + E(r.started_at) + "</td><td class=\"mono\">" +
         E(r.finished_at) + "</td><td>" + (r.exit_code >= 0 ? std::to_string(r.exit_code) : "") +
         "</td><td>" + E(r.error) + "</td></tr>";
  }
  if (runs.empty()) {
    b += "<tr><td colspan=\"6\">No runs recorded yet.</td></tr>";
  }
  b += "</tbody></table></div><h2>Pipeline builds</h2><div class=\"panel\"><table><thead><tr>"
       "<th>Build</th><th>Status</th><th>Started</th><th>Steps</th><th>Error</th></tr></thead>"
       "<tbody>";
  for (const BuildRow& r : pipelines) {
    b += "<tr><td class=\"mono\">" + E(r.id) + "</td><td>" + Badge(r.status, r.status) +
         "</td><td class=\"mono\">" + E(r.started_at) + "</td><td>" + E(r.steps) + "</td><td>" +
         E(r.error) + "</td></tr>";
  }
  b += "</tbody></table></div>";
  return Layout(p, "Runs", b);
}

std::string SessionsPage(const PageContext& p, const std::vector<auth::SessionInfo>& sessions,
                         std::string_view own_session_id) {
  std::string b =
      "<div class=\"panel\"><table><thead><tr><th>User</th><th>Opened</th>"
      "<th>Expires</th><th>Address</th><th>Browser</th><th></th></tr></thead><tbody>";
  for (const auth::SessionInfo& s : sessions) {
    const bool own = s.id == own_session_id;
    b += "<tr><td>" + E(s.email) + (own ? " <span class=\"badge b-ok\">this session</span>" : "") +
         "</td><td class=\"mono\">" + E(s.created_at) + "</td><td class=\"mono\">" +
         E(s.expires_at) + "</td><td class=\"mono\">" + E(s.client_ip) + "</td><td>" +
         E(s.user_agent.substr(0, 80)) + "</td><td>";
    b += "<form class=\"inline\" method=\"post\" action=\"/admin/sessions/revoke\">" + Csrf(p) +
         "<input type=\"hidden\" name=\"session\" value=\"" + E(s.id) + "\">" + Confirm("end it") +
         "<button class=\"danger\" type=\"submit\">Revoke</button></form>";
    b += "</td></tr>";
  }
  b += "</tbody></table></div>";
  return Layout(p, "Sessions", b);
}

std::string AuditPage(const PageContext& p, const std::vector<AuditEntry>& entries) {
  std::string b =
      "<div class=\"panel\"><table><thead><tr><th>When</th><th>Who</th>"
      "<th>Action</th><th>Target</th><th>Outcome</th><th>Address</th></tr></thead>"
      "<tbody>";
  for (const AuditEntry& a : entries) {
    b += "<tr><td class=\"mono\">" + E(a.created_at) + "</td><td>" + E(a.actor) + "</td><td>" +
         E(a.action) + "</td><td class=\"mono\">" + E(a.target) + "</td><td>" +
         (a.outcome == "ok" ? Badge("ok", "ok")
                            : "<span class=\"error\">" + E(a.outcome) + "</span>") +
         "</td><td class=\"mono\">" + E(a.client_ip) + "</td></tr>";
  }
  b += "</tbody></table></div>";
  return Layout(p, "Audit log", b);
}

std::string_view AdminStyle() {
  return kStyle;
}

std::string_view AdminScript() {
  return R"JS((() => {
  const log = document.getElementById('log');
  if (!log) return;
  const status = document.getElementById('log-status');
  const follow = document.getElementById('log-follow');
  const tabs = document.querySelectorAll('[data-file]');
  const MAX = 5000;
  let source = null, file = 'wppackages', retry = null;
  const setStatus = (s) => { status.textContent = s; status.className = 'badge b-' + (s === 'Connected' ? 'ok' : s === 'Disconnected' ? 'error' : 'running'); };
  const add = (line) => {
    const div = document.createElement('div');
    div.textContent = line;
    log.appendChild(div);
    while (log.childElementCount > MAX) log.firstElementChild.remove();
    if (follow.checked) log.scrollTop = log.scrollHeight;
  };
  const connect = () => {
    if (source) source.close();
    clearTimeout(retry);
    log.textContent = '';
    setStatus('Connecting');
    tabs.forEach((t) => t.setAttribute('aria-selected', String(t.dataset.file === file)));
    source = new EventSource('/admin/logs/stream?file=' + encodeURIComponent(file));
    source.onopen = () => setStatus('Connected');
    source.onmessage = (e) => add(e.data);
    const again = () => { source.close(); setStatus('Disconnected'); retry = setTimeout(connect, 3000); };
    source.addEventListener('end', again);
    source.onerror = again;
  };
  tabs.forEach((t) => t.addEventListener('click', () => { file = t.dataset.file; connect(); }));
  document.getElementById('log-clear').addEventListener('click', () => { log.textContent = ''; });
  connect();
})();
)JS";
}

}  // namespace wpp::admin
