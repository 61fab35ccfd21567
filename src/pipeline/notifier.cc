#include "pipeline/notifier.h"

#include "base/log.h"
#include "base/strings.h"

namespace wpp::pipeline {

std::string DiscordPayload(const std::string& build_id, const std::vector<std::string>& log_tail) {
  return DiscordNotice("Pipeline failed: " + (build_id.empty() ? "unknown" : build_id), log_tail);
}

std::string DiscordNotice(const std::string& title, const std::vector<std::string>& log_tail) {
  std::string text;
  for (const std::string& line : log_tail) {
    text += (text.empty() ? "" : "\n") + line;
  }
  if (text.empty()) {
    text = "(no log output)";
  }
  return R"({"embeds":[{"title":")" + base::JsonEscape(title) + R"(","description":")" +
         base::JsonEscape("```\n" + text + "\n```") + R"(","color":16711680}]})";
}

bool NotifyFailure(io::HttpClient& http, base::Clock& clock, const std::string& webhook_url,
                   const std::string& build_id, const std::vector<std::string>& log_tail) {
  return Notify(http, clock, webhook_url,
                "Pipeline failed: " + (build_id.empty() ? "unknown" : build_id), log_tail);
}

bool Notify(io::HttpClient& http, base::Clock& clock, const std::string& webhook_url,
            const std::string& title, const std::vector<std::string>& log_tail) {
  if (webhook_url.empty()) {
    return false;
  }
  const io::HttpRequest request{.method = "POST",
                                .url = webhook_url,
                                .headers = {{"Content-Type", "application/json"}},
                                .body = DiscordNotice(title, log_tail),
                                .timeout = std::chrono::seconds(10)};
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto response = http.Send(request);
    if (response && response->status >= 200 && response->status < 300) {
      return true;
    }
    base::log::Warn("discord notification failed",
                    {{"attempt", attempt},
                     {"error", response ? "HTTP " + std::to_string(response->status)
                                        : response.error().message()}});
    if (attempt < 3) {
      clock.SleepFor(std::chrono::seconds(5));
    }
  }
  return false;
}

}  // namespace wpp::pipeline
