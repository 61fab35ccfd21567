#include "admin/pages.h"

#include "web/renderer.h"
#include "web/value.h"

namespace wpp::admin {
namespace {

// Sets `key` only when `text` is not empty: an empty string still opens a
// mustache section ({{#error}}…{{/error}}), a missing key does not.
void SetIf(web::Value& v, std::string key, const std::string& text) {
  if (!text.empty()) {
    v.Set(std::move(key), text);
  }
}

// The admin layout's fields every page shares (docs/behaviour.md §19.8).
web::Value Layout(const web::Renderer& renderer, std::string_view title, bool signed_in) {
  web::Value layout;
  layout.Set("title", std::string(title));
  layout.Set("signed_in", signed_in);
  layout.Set("footer_text", renderer.site().footer_text);
  return layout;
}

// `page` (templates/admin/<name>.mustache) inside the admin layout, its
// nav entry marked current.
std::string Wrap(const web::Renderer& renderer, const PageContext& p, std::string_view title,
                 std::string_view name, web::Value data) {
  data.Set("csrf", p.csrf);
  web::Value layout = Layout(renderer, title, true);
  layout.Set("nav_" + std::string(name), true);
  layout.Set("email", p.email);
  layout.Set("csrf", p.csrf);
  SetIf(layout, "notice", p.notice);
  SetIf(layout, "error", p.error);
  layout.Set("body", renderer.Fragment("admin/" + std::string(name), data));
  return renderer.Fragment("admin/layout", layout);
}

web::Value BuildValue(const BuildRow& r, std::string_view current) {
  web::Value v;
  v.Set("id", r.id);
  v.Set("status", r.status);
  v.Set("started_at", r.started_at);
  v.Set("duration", r.duration_seconds);
  v.Set("packages_total", r.packages_total);
  v.Set("packages_changed", r.packages_changed);
  v.Set("steps", r.steps);
  SetIf(v, "error", r.error);
  v.Set("is_current", r.id == current);
  v.Set("promotable", r.status == "completed" && r.id != current);
  return v;
}

}  // namespace

std::string LoginPage(const web::Renderer& renderer, std::string_view error,
                      std::string_view csrf) {
  web::Value data;
  SetIf(data, "error", std::string(error));
  data.Set("csrf", std::string(csrf));
  web::Value layout = Layout(renderer, "Admin Login", false);
  layout.Set("body", renderer.Fragment("admin/login", data));
  return renderer.Fragment("admin/layout", layout);
}

std::string LogsPage(const web::Renderer& renderer, const PageContext& p,
                     const WporgCheckResult* check) {
  web::Value data;
  data.Set("theme", check != nullptr && check->type == "theme");
  data.Set("slug", check != nullptr ? check->slug : "");
  if (check != nullptr) {
    web::Value c;
    c.Set("failed", check->code != 200);
    SetIf(c, "message", check->error);
    c.Set("status", check->status);
    c.Set("label", std::string(StatusLabel(check->status)));
    c.Set("type", check->type);
    c.Set("slug", check->slug);
    c.Set("http_status", check->http_status);
    c.Set("url", check->url);
    c.Set("payload", check->payload);
    data.Set("check", std::move(c));
  }
  return Wrap(renderer, p, "Logs", "logs", std::move(data));
}

std::string BuildsPage(const web::Renderer& renderer, const PageContext& p,
                       const std::vector<BuildRow>& builds, std::string_view current) {
  web::Value list = web::Value::List();
  for (const BuildRow& r : builds) {
    list.Push(BuildValue(r, current));
  }
  web::Value data;
  data.Set("current", current.empty() ? std::string("none") : std::string(current));
  data.Set("builds", std::move(list));
  return Wrap(renderer, p, "Builds", "builds", std::move(data));
}

std::string RunsPage(const web::Renderer& renderer, const PageContext& p,
                     const std::vector<BuildRow>& pipelines, const std::vector<RunRow>& runs) {
  web::Value run_list = web::Value::List();
  for (const RunRow& r : runs) {
    web::Value v;
    v.Set("job", r.job);
    v.Set("status", r.status);
    v.Set("started_at", r.started_at);
    v.Set("finished_at", r.finished_at);
    v.Set("exit_code", r.exit_code >= 0 ? std::to_string(r.exit_code) : std::string());
    v.Set("error", r.error);
    run_list.Push(std::move(v));
  }
  web::Value build_list = web::Value::List();
  for (const BuildRow& r : pipelines) {
    build_list.Push(BuildValue(r, ""));
  }
  web::Value data;
  data.Set("runs", std::move(run_list));
  data.Set("builds", std::move(build_list));
  return Wrap(renderer, p, "Runs", "runs", std::move(data));
}

std::string SessionsPage(const web::Renderer& renderer, const PageContext& p,
                         const std::vector<auth::SessionInfo>& sessions,
                         std::string_view own_session_id) {
  web::Value list = web::Value::List();
  for (const auth::SessionInfo& s : sessions) {
    web::Value v;
    v.Set("id", s.id);
    v.Set("email", s.email);
    v.Set("own", s.id == own_session_id);
    v.Set("created_at", s.created_at);
    v.Set("expires_at", s.expires_at);
    v.Set("client_ip", s.client_ip);
    v.Set("user_agent", s.user_agent.substr(0, 80));
    list.Push(std::move(v));
  }
  web::Value data;
  data.Set("sessions", std::move(list));
  return Wrap(renderer, p, "Sessions", "sessions", std::move(data));
}

std::string AuditPage(const web::Renderer& renderer, const PageContext& p,
                      const std::vector<AuditEntry>& entries) {
  web::Value list = web::Value::List();
  for (const AuditEntry& a : entries) {
    web::Value v;
    v.Set("created_at", a.created_at);
    v.Set("actor", a.actor);
    v.Set("action", a.action);
    v.Set("target", a.target);
    v.Set("ok", a.outcome == "ok");
    v.Set("outcome", a.outcome);
    v.Set("client_ip", a.client_ip);
    list.Push(std::move(v));
  }
  web::Value data;
  data.Set("entries", std::move(list));
  return Wrap(renderer, p, "Audit log", "audit", std::move(data));
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
