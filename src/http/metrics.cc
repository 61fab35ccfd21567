#include "http/metrics.h"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace wpp::http {
namespace {

std::string Escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Number(double v) {
  if (std::isinf(v)) {
    return v > 0 ? "+Inf" : "-Inf";
  }
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<int64_t>(v));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.6g", v);
  return buffer;
}

std::string RouteLabel(std::string_view route) {
  return route.empty() ? "unmatched" : std::string(route);
}

}  // namespace

void AppendMetricHeader(std::string* out, std::string_view name, std::string_view help,
                        std::string_view type) {
  *out += "# HELP ";
  *out += name;
  *out += ' ';
  *out += help;
  *out += "\n# TYPE ";
  *out += name;
  *out += ' ';
  *out += type;
  *out += '\n';
}

void AppendSample(std::string* out, std::string_view name, const Labels& labels, double value) {
  *out += name;
  if (!labels.empty()) {
    *out += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      *out += (i == 0 ? "" : ",") + labels[i].first + "=\"" + Escape(labels[i].second) + "\"";
    }
    *out += '}';
  }
  *out += ' ' + Number(value) + '\n';
}

void RequestMetrics::Observe(std::string_view route, int status, double seconds) {
  const std::string label = RouteLabel(route);
  std::lock_guard lock(mu_);
  ++requests_[{label, status}];
  Histogram& h = latency_[label];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.buckets[i];
    }
  }
  ++h.count;
  h.sum += seconds;
}

void RequestMetrics::Render(std::string* out) const {
  std::lock_guard lock(mu_);
  AppendMetricHeader(out, "wpp_http_requests_total", "HTTP requests by route and status.",
                     "counter");
  for (const auto& [key, count] : requests_) {
    AppendSample(out, "wpp_http_requests_total",
                 {{"route", key.first}, {"status", std::to_string(key.second)}},
                 static_cast<double>(count));
  }
  AppendMetricHeader(out, "wpp_http_request_duration_seconds", "HTTP request latency by route.",
                     "histogram");
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      AppendSample(out, "wpp_http_request_duration_seconds_bucket",
                   {{"route", route}, {"le", Number(kBuckets[i])}},
                   static_cast<double>(h.buckets[i]));
    }
    AppendSample(out, "wpp_http_request_duration_seconds_bucket",
                 {{"route", route}, {"le", "+Inf"}}, static_cast<double>(h.count));
    AppendSample(out, "wpp_http_request_duration_seconds_sum", {{"route", route}}, h.sum);
    AppendSample(out, "wpp_http_request_duration_seconds_count", {{"route", route}},
                 static_cast<double>(h.count));
  }
}

Middleware RequestMetrics::Measure() {
  return [this](Request& request, const Handler& next) {
    const auto start = std::chrono::steady_clock::now();
    Response response = next(request);
    if (response.deferred) {
      return response;  // Counted when it is answered.
    }
    Observe(request.context.route, response.status,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return response;
  };
}

}  // namespace wpp::http
