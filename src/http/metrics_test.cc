#include "http/metrics.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wpp::http {
namespace {

using ::testing::HasSubstr;

TEST(RequestMetricsTest, CountsByRouteAndStatusWithHistogram) {
  RequestMetrics metrics;
  Router router;
  router.Use(metrics.Measure());
  router.Get("/p2/:vendor/:file", [](const Request&) { return Response::Text("x"); });
  for (const char* path : {"/p2/wp-plugin/a.json", "/p2/wp-plugin/b.json", "/nothing"}) {
    Request r{.method = "GET", .path = path};
    router.Dispatch(r);
  }
  std::string out;
  metrics.Render(&out);
  EXPECT_THAT(out, HasSubstr("# TYPE wpp_http_requests_total counter\n"));
  EXPECT_THAT(out,
              HasSubstr("wpp_http_requests_total{route=\"/p2/:vendor/:file\",status=\"200\"} 2\n"));
  EXPECT_THAT(out, HasSubstr("wpp_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
  EXPECT_THAT(out, HasSubstr("wpp_http_request_duration_seconds_bucket{route=\"/p2/:vendor/"
                             ":file\",le=\"+Inf\"} 2\n"));
  EXPECT_THAT(out, HasSubstr("wpp_http_request_duration_seconds_count{route=\"unmatched\"} 1\n"));
}

TEST(RequestMetricsTest, SamplesEscapeLabelsAndFormatNumbers) {
  std::string out;
  AppendSample(&out, "m", {{"k", "a\"b\\c"}}, 1.5);
  AppendSample(&out, "n", {}, 42);
  EXPECT_EQ(out, "m{k=\"a\\\"b\\\\c\"} 1.5\nn 42\n");
}

}  // namespace
}  // namespace wpp::http
