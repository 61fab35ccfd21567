// The wp.org check of the admin area (docs/behaviour.md §19.7): asks the
// WordPress.org info API about one package through the project's client
// and classifies the answer.

#pragma once

#include <string>
#include <string_view>

#include "wporg/client.h"

namespace wpp::admin {

struct WporgCheckResult {
  int code = 200;       // The admin route's own status: 200, 400 or 502.
  std::string error{};  // Why, when the check failed or the payload is no JSON.
  std::string type{};
  std::string slug{};
  std::string url{};
  int http_status = 0;
  // open, closed, closed_permanent, not_found, error.
  std::string status{};
  std::string payload{};  // Pretty-printed JSON, or the raw body.
  bool payload_is_json = false;

  // The JSON answer of GET /admin/wporg-check.
  std::string ToJson() const;
};

WporgCheckResult CheckWporg(wporg::Client& client, std::string_view type, std::string_view slug);

// "Open", "Closed", "Closed (permanent)", "Not found", "Error".
std::string_view StatusLabel(std::string_view status);

}  // namespace wpp::admin
