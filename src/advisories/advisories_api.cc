#include "advisories/advisories_api.h"

#include "advisories/advisory_store.h"
#include "base/log.h"
#include "base/strings.h"

namespace wpp::advisories {
namespace {

using http::Request;
using http::Response;

constexpr size_t kMaxNames = 5000;

Response Problem(std::string message, int status) {
  std::string body = R"({"status":"error","message":)";
  base::AppendJsonString(message, &body);
  body += "}\n";
  return Response::Json(std::move(body), status);
}

// "packages", "packages[]", "packages[17]".
bool IsPackagesKey(std::string_view key) {
  if (key == "packages" || key == "packages[]") {
    return true;
  }
  if (!base::StartsWith(key, "packages[") || key.back() != ']' || key.size() < 11) {
    return false;
  }
  const std::string_view index = key.substr(9, key.size() - 10);
  return index.find_first_not_of("0123456789") == std::string_view::npos;
}

void CollectNames(const http::Values& values, std::vector<std::string>* names) {
  for (const auto& [key, value] : values) {
    if (IsPackagesKey(key) && !value.empty()) {
      names->push_back(base::ToLower(value));
    }
  }
}

Response Answer(db::ConnectionPool& pool, const Request& request) {
  std::vector<std::string> names;
  CollectNames(request.query, &names);
  std::string since_text = request.Query("updatedSince");
  if (request.method == "POST") {
    auto form = request.Form();
    if (!form.ok()) {
      return Problem("the body is not a form: " + form.error().message(), 400);
    }
    CollectNames(*form, &names);
    if (since_text.empty() && form->count("updatedSince") != 0) {
      since_text = form->find("updatedSince")->second;
    }
  }
  int64_t since = 0;
  if (!since_text.empty()) {
    const auto parsed = base::ParseInt(since_text);
    if (!parsed || *parsed < 0) {
      return Problem("updatedSince must be a Unix timestamp", 400);
    }
    since = *parsed;
  }
  if (names.empty() && since_text.empty()) {
    return Problem(R"(Missing array of package names as the "packages" parameter)", 400);
  }
  if (names.size() > kMaxNames) {
    return Problem("at most " + std::to_string(kMaxNames) + " packages per request", 400);
  }
  auto db = pool.Acquire();
  AdvisoryStore store(*db);
  auto found = store.ForPackages(names, since);
  if (!found.ok()) {
    base::log::Error("advisories API read failed", {{"error", found.error().message()}});
    return Problem("temporarily unavailable", 503);
  }
  std::string body = R"({"advisories":{)";
  bool first = true;
  for (const auto& [name, list] : *found) {
    if (!first) {
      body.push_back(',');
    }
    first = false;
    base::AppendJsonString(name, &body);
    body.append(":[");
    for (size_t i = 0; i < list.size(); ++i) {
      body.append(i == 0 ? "" : ",").append(list[i]);
    }
    body.push_back(']');
  }
  body.append("}}\n");
  Response response = Response::Json(std::move(body));
  response.Header("Cache-Control", request.method == "POST" ? "no-store" : "public, max-age=300");
  return response;
}

}  // namespace

void RegisterAdvisoryRoutes(http::Router& router, db::ConnectionPool& pool) {
  for (const char* method : {"GET", "POST"}) {
    router.Add(method, "/api/security-advisories", {.max_body = 1 << 20, .blocking = true},
               [&pool](const Request& request) { return Answer(pool, request); });
  }
}

}  // namespace wpp::advisories
