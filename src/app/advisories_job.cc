#include "app/advisories_job.h"

namespace wpp::app {

base::Result<advisories::RunReport> RunAdvisories(App& app, const AdvisoriesJob& job) {
  const config::Config& config = app.config();
  return advisories::Run(app.db(), app.http(), app.clock(),
                         {.feed_url = config.advisories.feed_url,
                          .feed_key = config.advisories.feed_key,
                          .force = job.force,
                          .timeout = std::chrono::milliseconds(300'000)});
}

}  // namespace wpp::app
