#include "scheduler/status_metrics.h"

#include <algorithm>
#include <optional>

#include "base/log.h"
#include "base/strings.h"
#include "http/metrics.h"
#include "repository/build_dir.h"
#include "repository/build_store.h"
#include "scheduler/watch.h"

namespace wpp::scheduler {
namespace {

using http::AppendMetricHeader;
using http::AppendSample;

double Age(base::Clock::TimePoint now, base::Clock::TimePoint then) {
  return std::chrono::duration<double>(now - then).count();
}

void CurrentBuild(const std::string& repository_dir, base::Clock::TimePoint now, std::string* out) {
  auto current = repository::CurrentBuild(repository_dir);
  if (!current || !*current) {
    return;
  }
  const std::string& id = (*current)->id;
  AppendMetricHeader(out, "wpp_build_info", "The build `current` points at.", "gauge");
  AppendSample(out, "wpp_build_info", {{"build_id", id}}, 1);
  if (auto started = base::ParseBuildId(id)) {
    AppendMetricHeader(out, "wpp_build_age_seconds", "Seconds since the current build started.",
                       "gauge");
    AppendSample(out, "wpp_build_age_seconds", {}, Age(now, *started));
  }
}

void LastPipeline(db::Database& db, base::Clock& clock, std::string* out) {
  auto seconds = repository::BuildStore(db, clock).SecondsSinceLastCompleted();
  if (seconds && *seconds) {
    AppendMetricHeader(out, "wpp_pipeline_last_success_age_seconds",
                       "Seconds since the last successful pipeline (or build) finished.", "gauge");
    AppendSample(out, "wpp_pipeline_last_success_age_seconds", {}, static_cast<double>(**seconds));
  }
}

void LastCheckStatus(db::Database& db, base::Clock::TimePoint now, std::string* out) {
  (void)db.Guard("reading status_checks", [&] {
    SQLite::Statement s(db.sql(),
                        "SELECT status, COALESCE(finished_at, started_at), checked, deactivated, "
                        "reactivated, failed FROM status_checks ORDER BY id DESC LIMIT 1");
    if (!s.executeStep()) {
      return;
    }
    const std::string status = s.getColumn(0).getString();
    AppendMetricHeader(out, "wpp_check_status_last_run",
                       "The last check-status run, labelled with its status.", "gauge");
    AppendSample(out, "wpp_check_status_last_run", {{"status", status}}, 1);
    if (auto at = base::ParseRfc3339(s.getColumn(1).getString())) {
      AppendMetricHeader(out, "wpp_check_status_last_run_age_seconds",
                         "Seconds since the last check-status run ended.", "gauge");
      AppendSample(out, "wpp_check_status_last_run_age_seconds", {}, Age(now, *at));
    }
    AppendMetricHeader(out, "wpp_check_status_last_run_packages",
                       "Packages of the last check-status run by outcome.", "gauge");
    const char* kinds[] = {"checked", "deactivated", "reactivated", "failed"};
    for (int i = 0; i < 4; ++i) {
      AppendSample(out, "wpp_check_status_last_run_packages", {{"outcome", kinds[i]}},
                   static_cast<double>(s.getColumn(2 + i).getInt64()));
    }
  });
}

void SvnLag(db::Database& db, std::string* out) {
  bool header = false;
  for (const char* type : {"plugin", "theme"}) {
    std::optional<int64_t> watermark;
    std::optional<int64_t> head;
    (void)db.Guard("reading site_meta", [&] {
      SQLite::Statement s(db.sql(), "SELECT key, value FROM site_meta WHERE key IN (?, ?)");
      s.bind(1, std::string("svn_revision_") + type);
      s.bind(2, std::string("svn_head_") + type);
      while (s.executeStep()) {
        const auto value = base::ParseInt(s.getColumn(1).getString());
        (base::StartsWith(s.getColumn(0).getString(), "svn_head_") ? head : watermark) = value;
      }
    });
    if (!watermark) {
      continue;
    }
    if (!header) {
      AppendMetricHeader(out, "wpp_svn_revision", "The changelog watermark (last revision read).",
                         "gauge");
      header = true;
    }
    AppendSample(out, "wpp_svn_revision", {{"type", type}}, static_cast<double>(*watermark));
    if (head) {
      AppendSample(out, "wpp_svn_revision_lag", {{"type", type}},
                   static_cast<double>(std::max<int64_t>(0, *head - *watermark)));
    }
  }
}

void SchedulerRuns(db::Database& db, base::Clock::TimePoint now, std::string* out) {
  bool header = false;
  (void)db.Guard("reading scheduler_runs", [&] {
    // The newest finished run of each job.
    SQLite::Statement s(db.sql(),
                        "SELECT r.job, r.status, r.started_at FROM scheduler_runs r "
                        "WHERE r.id = (SELECT id FROM scheduler_runs x WHERE x.job = r.job "
                        "AND x.status NOT IN ('running', 'skipped') "
                        "ORDER BY x.started_at DESC, x.id DESC LIMIT 1)");
    while (s.executeStep()) {
      if (!header) {
        AppendMetricHeader(out, "wpp_scheduler_last_run_age_seconds",
                           "Seconds since the last finished run of each scheduled job started, "
                           "labelled with its status.",
                           "gauge");
        header = true;
      }
      if (auto at = base::ParseRfc3339(s.getColumn(2).getString())) {
        AppendSample(out, "wpp_scheduler_last_run_age_seconds",
                     {{"job", s.getColumn(0).getString()}, {"status", s.getColumn(1).getString()}},
                     Age(now, *at));
      }
    }
  });
}

// The pipeline watch's rounds in this process (docs/behaviour.md §16.6).
void WatchRounds(std::string* out) {
  const std::optional<WatchCounts> counts = ProcessWatchCounts();
  if (!counts) {
    return;
  }
  AppendMetricHeader(out, "wpp_scheduler_pipeline_watch_total",
                     "Pipeline watch rounds: asked, started the pipeline early, failed answers.",
                     "counter");
  const std::pair<const char*, int64_t> results[] = {
      {"checked", counts->checks}, {"early", counts->early}, {"failed", counts->failed}};
  for (const auto& [result, n] : results) {
    AppendSample(out, "wpp_scheduler_pipeline_watch_total", {{"result", result}},
                 static_cast<double>(n));
  }
}

}  // namespace

void AppendStatusMetrics(db::Database& db, const std::string& repository_dir, base::Clock& clock,
                         std::string* out) {
  const base::Clock::TimePoint now = clock.Now();
  CurrentBuild(repository_dir, now, out);
  LastPipeline(db, clock, out);
  LastCheckStatus(db, now, out);
  SvnLag(db, out);
  SchedulerRuns(db, now, out);
  WatchRounds(out);
}

}  // namespace wpp::scheduler
