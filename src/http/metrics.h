// Prometheus text exposition (version 0.0.4) for `GET /metrics`
// (docs/behaviour.md §16.4): request counters by route and status, latency
// histograms by route, and helpers to append gauges.

#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/server.h"

namespace wpp::http {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Appends "# HELP" and "# TYPE" lines.
void AppendMetricHeader(std::string* out, std::string_view name, std::string_view help,
                        std::string_view type);
// Appends one sample: name{labels} value.
void AppendSample(std::string* out, std::string_view name, const Labels& labels, double value);

// Thread-safe.
class RequestMetrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,  0.5,   1,    2.5,   10};

  // `route` is the Router's pattern ("" when nothing matched).
  void Observe(std::string_view route, int status, double seconds);
  // wpp_http_requests_total and wpp_http_request_duration_seconds.
  void Render(std::string* out) const;
  // Middleware timing every request (outermost, so 404s and 405s count).
  Middleware Measure();

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // Guarded by mu_.
  std::map<std::string, Histogram> latency_;                  // Guarded by mu_.
};

}  // namespace wpp::http
