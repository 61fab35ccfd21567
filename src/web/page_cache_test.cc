#include "web/page_cache.h"

#include "gtest/gtest.h"

namespace wpp::web {
namespace {

using Clock = std::chrono::steady_clock;

TEST(PageCacheTest, ExpiresAndEvictsLeastRecentlyUsed) {
  Clock::time_point now{};
  PageCache cache(3000, std::chrono::seconds(30), 6, [&now] { return now; });
  cache.Put("a", std::string(1000, 'a'), "text/html");
  cache.Put("b", std::string(1000, 'b'), "text/html");
  ASSERT_NE(cache.Get("a"), nullptr);                   // a is now the most recent.
  cache.Put("c", std::string(1000, 'c'), "text/html");  // Over 3000 bytes: b goes.
  EXPECT_EQ(cache.Get("b"), nullptr);
  EXPECT_NE(cache.Get("a"), nullptr);
  EXPECT_NE(cache.Get("c"), nullptr);
  now += std::chrono::seconds(31);
  EXPECT_EQ(cache.Get("a"), nullptr);
}

TEST(PageCacheTest, ServesGzipAnd304) {
  PageCache cache(1 << 20, std::chrono::seconds(0));
  auto page = cache.Put("k", std::string(5000, 'x'), "text/html; charset=utf-8", "\"tag\"");
  ASSERT_NE(page->Gzipped(), nullptr);
  http::Request plain;
  EXPECT_EQ(ServeCached(plain, *page, "public").shared_body->size(), 5000u);
  http::Request gzip;
  gzip.headers = {{"accept-encoding", "gzip"}};
  EXPECT_LT(ServeCached(gzip, *page, "public").shared_body->size(), 100u);
  http::Request revalidate;
  revalidate.headers = {{"if-none-match", "\"tag\""}};
  EXPECT_EQ(ServeCached(revalidate, *page, "public").status, 304);
}

}  // namespace
}  // namespace wpp::web
