#include "admin/pages.h"

#include "web/renderer.h"
#include "web/value.h"

namespace wpp::admin {
namespace {

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

// Sets `key` only when `text` is not empty: an empty string still opens a
// mustache section ({{#error}}…{{/error}}), a missing key does not.
void SetIf(web::Value& v, std::string key, const std::string& text) {
  if (!text.empty()) {
    v.Set(std::move(key), text);
  }
}

// `page` (templates/admin/<name>.mustache) inside the admin layout.
std::string Wrap(const web::Renderer& renderer, const PageContext& p, std::string_view title,
                 std::string_view name, web::Value data) {
  data.Set("csrf", p.csrf);
  web::Value layout;
  layout.Set("title", std::string(title));
  layout.Set("signed_in", true);
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
  web::Value layout;
  layout.Set("title", "Admin Login");
  layout.Set("signed_in", false);
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
