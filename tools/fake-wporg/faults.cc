#include "faults.h"

#include <unistd.h>

#include <chrono>
#include <thread>

#include "base/strings.h"

namespace wpp::fakewporg {
namespace {

struct KindName {
  const char* name;
  FaultKind kind;
};

constexpr KindName kKinds[] = {
    {"500", FaultKind::kStatus500},
    {"503", FaultKind::kStatus503},
    {"429", FaultKind::kStatus429},
    {"flaky", FaultKind::kFlaky},
    {"hang", FaultKind::kHang},
    {"slow", FaultKind::kSlow},
    {"truncate", FaultKind::kTruncate},
    {"badjson", FaultKind::kBadJson},
    {"notobject", FaultKind::kNotObject},
    {"apierror", FaultKind::kApiError},
    {"empty", FaultKind::kEmpty},
    {"html", FaultKind::kHtml},
    {"invalidutf8", FaultKind::kInvalidUtf8},
    {"html404", FaultKind::kHtml404},
    {"closed", FaultKind::kClosed},
    {"closedperm", FaultKind::kClosedPerm},
    {"reopen", FaultKind::kReopen},
};

http::Response ClosureAnswer(bool permanent) {
  http::Response r{.status = 404, .body = ClosurePayload(permanent)};
  r.Header("Content-Type", "application/json; charset=utf-8");
  return r;
}

http::Response Retryable(int status) {
  http::Response r = http::Response::Html(
      "<html><body><h1>" + std::to_string(status) + "</h1>Try again later.</body></html>\n",
      status);
  r.Header("Retry-After", "1");
  return r;
}

// Sends the first half of the body and then closes the connection: the
// full length is announced, half the bytes follow.
http::Response Truncated(http::Response r) {
  r.declared_size = r.body.size();
  r.body.resize(r.body.size() / 2);
  return r;
}

void Sleep(int64_t ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace

std::string ClosurePayload(bool permanent) {
  return permanent
             ? "{\"error\":\"closed\",\"name\":\"Fault\",\"slug\":\"fault\",\"description\":"
               "\"This plugin has been closed as of April 9, 2026 and is not available for "
               "download. This closure is permanent. Reason: Author Request.\",\"closed\":true,"
               "\"closed_date\":\"2026-04-09\",\"reason\":\"author-request\","
               "\"reason_text\":\"Author Request\"}"
             : "{\"error\":\"closed\",\"name\":\"Fault\",\"slug\":\"fault\",\"description\":"
               "\"This plugin has been closed as of April 9, 2026 and is not available for "
               "download. This closure is temporary, pending a full review.\",\"closed\":true,"
               "\"closed_date\":\"2026-04-09\",\"reason\":false,\"reason_text\":false}";
}

std::optional<Fault> ParseFaultToken(std::string_view token) {
  for (const KindName& k : kKinds) {
    const std::string_view name(k.name);
    if (!base::StartsWith(token, name)) {
      continue;
    }
    const std::string_view rest = token.substr(name.size());
    if (rest.empty()) {
      return Fault{.kind = k.kind, .arg = -1};
    }
    if (rest[0] == '-') {
      if (auto n = base::ParseInt(rest.substr(1)); n && *n >= 0) {
        return Fault{.kind = k.kind, .arg = *n};
      }
    }
  }
  return std::nullopt;
}

std::optional<Fault> FaultFromSlug(std::string_view slug) {
  constexpr std::string_view kPrefix = "fault-";
  if (!base::StartsWith(slug, kPrefix)) {
    return std::nullopt;
  }
  const std::string_view rest = slug.substr(kPrefix.size());
  // The longest dash-separated prefix wins: "flaky-2" of "flaky-2-x".
  for (size_t end = rest.size(); end > 0; end = rest.rfind('-', end - 1)) {
    if (auto fault = ParseFaultToken(rest.substr(0, end))) {
      return fault;
    }
    if (rest.rfind('-', end - 1) == std::string_view::npos) {
      break;
    }
  }
  return std::nullopt;
}

bool FaultState::ShouldFail(const std::string& key, int64_t failures) {
  std::lock_guard lock(mu_);
  return ++seen_[key] <= failures;
}

std::optional<http::Response> FaultBefore(const Fault& fault, const std::string& key,
                                          FaultState& state) {
  switch (fault.kind) {
    case FaultKind::kStatus500:
      return http::Response::Text("Internal Server Error\n", 500);
    case FaultKind::kStatus503:
      return Retryable(503);
    case FaultKind::kStatus429:
      return Retryable(429);
    case FaultKind::kFlaky:
      if (state.ShouldFail(key, fault.arg < 0 ? 1 : fault.arg)) {
        return Retryable(503);
      }
      return std::nullopt;
    case FaultKind::kReopen:
      if (state.ShouldFail(key, fault.arg < 0 ? 1 : fault.arg)) {
        return ClosureAnswer(false);
      }
      return std::nullopt;
    case FaultKind::kHang:
      Sleep(1000 * (fault.arg < 0 ? 60 : fault.arg));
      return std::nullopt;
    case FaultKind::kSlow:
      Sleep(fault.arg < 0 ? 1500 : fault.arg);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

http::Response FaultAfter(const Fault& fault, http::Response normal) {
  switch (fault.kind) {
    case FaultKind::kTruncate:
      return Truncated(std::move(normal));
    case FaultKind::kBadJson:
      normal.status = 200;
      normal.body.resize(normal.body.size() / 2);
      return normal;
    case FaultKind::kNotObject:
      return http::Response::Json("[\"not\",\"an\",\"object\"]");
    case FaultKind::kApiError:
      return http::Response::Json("{\"error\":\"Plugin not found.\",\"slug\":\"fault\"}");
    case FaultKind::kEmpty:
      return http::Response::Json("");
    case FaultKind::kHtml:
      return http::Response::Html("<html><body><h1>502 Bad Gateway</h1></body></html>\n");
    case FaultKind::kHtml404:
      return http::Response::Html(
          "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body>"
          "</html>\n",
          404);
    case FaultKind::kClosed:
      return ClosureAnswer(false);
    case FaultKind::kClosedPerm:
      return ClosureAnswer(true);
    case FaultKind::kInvalidUtf8: {
      const size_t quote = normal.body.find(":\"");
      normal.body.insert(quote == std::string::npos ? 0 : quote + 2, "\xC3\x28\xFF");
      normal.status = 200;
      return normal;
    }
    default:
      return normal;
  }
}

}  // namespace wpp::fakewporg
