#include "app/status_job.h"

#include "app/jobs.h"
#include "pipeline/notifier.h"

namespace wpp::app {

base::Result<status::CheckReport> RunCheckStatus(App& app, const CheckStatusJob& job) {
  const int concurrency = job.concurrency > 0 ? job.concurrency
                          : app.config().discovery.concurrency > 0
                              ? app.config().discovery.concurrency
                              : 10;
  const status::CheckEnv env{app.db(), app.clock(), app.http(concurrency), app.config(),
                             &StopFlag()};
  status::CheckOptions options;
  options.type = job.type;
  options.concurrency = concurrency;
  options.on_failure = [&app](const std::string& label, const std::vector<std::string>& lines) {
    pipeline::NotifyFailure(app.http(), app.clock(), app.config().discord_webhook_url, label,
                            lines);
  };
  return status::RunCheckStatus(env, options);
}

}  // namespace wpp::app
