#include "admin/wporg_check.h"

#include <nlohmann/json.hpp>

#include "base/package_type.h"
#include "base/strings.h"

namespace wpp::admin {

std::string WporgCheckResult::ToJson() const {
  nlohmann::json j;
  if (code != 200) {
    j = {{"error", error}, {"status", "error"}};
    return j.dump();
  }
  j["type"] = type;
  j["slug"] = slug;
  j["url"] = url;
  j["http_status"] = http_status;
  j["status"] = status;
  if (payload_is_json) {
    j["data"] = nlohmann::json::parse(payload, nullptr, false);
  } else {
    j["raw"] = payload;
    j["error"] = error;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

WporgCheckResult CheckWporg(wporg::Client& client, std::string_view type_name,
                            std::string_view slug_in) {
  WporgCheckResult r;
  const std::optional<base::PackageType> type = base::ParseType(type_name);
  const std::string slug(base::Trim(slug_in));
  if (!type) {
    r.code = 400;
    r.error = "type must be plugin or theme";
    return r;
  }
  if (slug.empty() || slug.size() > 200) {
    r.code = 400;
    r.error = "slug is required";
    return r;
  }
  r.type = std::string(type_name);
  r.slug = slug;
  r.url = client.InfoUrl(*type, slug);
  auto response = client.FetchInfoRaw(*type, slug);
  if (!response) {
    r.code = 502;
    r.error = response.error().message();
    return r;
  }
  r.http_status = response->status;
  const nlohmann::json data = nlohmann::json::parse(response->body, nullptr, false);
  if (data.is_discarded()) {
    r.status = "error";
    r.error = "response was not JSON";
    r.payload = response->body.substr(0, 64 * 1024);
    return r;
  }
  r.payload_is_json = true;
  r.payload = data.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  if (data.is_object() && data.contains("error")) {
    const bool closed = data["error"].is_string() && data["error"] == "closed";
    const std::string description =
        data.contains("description") && data["description"].is_string() ? data["description"] : "";
    r.status = !closed ? "error"
               : description.find("This closure is permanent.") != std::string::npos
                   ? "closed_permanent"
                   : "closed";
  } else {
    r.status = response->status == 404 ? "not_found" : "open";
  }
  return r;
}

std::string_view StatusLabel(std::string_view status) {
  if (status == "open")
    return "Open";
  if (status == "closed")
    return "Closed";
  if (status == "closed_permanent")
    return "Closed (permanent)";
  if (status == "not_found")
    return "Not found";
  return "Error";
}

}  // namespace wpp::admin
