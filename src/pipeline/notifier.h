// Failure notices to a Discord webhook (DISCORD_WEBHOOK_URL): one embed with
// the failed build id and the last log lines. Best effort: up to 3 attempts
// 5 s apart, 10 s timeout each; a failure is logged, never raised.

#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "io/http_client.h"

namespace wpp::pipeline {

// The JSON body Discord expects.
std::string DiscordPayload(const std::string& build_id, const std::vector<std::string>& log_tail);

// Returns true when the webhook accepted the message (2xx). Does nothing
// and returns false when `webhook_url` is empty.
bool NotifyFailure(io::HttpClient& http, base::Clock& clock, const std::string& webhook_url,
                   const std::string& build_id, const std::vector<std::string>& log_tail);

// The same notice for any failed job, under `title` ("Scheduled job
// failed: check-status"). Same attempts and return value as NotifyFailure.
std::string DiscordNotice(const std::string& title, const std::vector<std::string>& log_tail);
bool Notify(io::HttpClient& http, base::Clock& clock, const std::string& webhook_url,
            const std::string& title, const std::vector<std::string>& log_tail);

}  // namespace wpp::pipeline
