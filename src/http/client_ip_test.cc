#include "http/client_ip.h"

#include "gtest/gtest.h"

namespace wpp::http {
namespace {

TEST(TrustedProxiesTest, MatchesCidrs) {
  auto proxies = TrustedProxies::Parse({"10.0.0.0/8", "192.168.1.1", "::1/128", "fd00::/8"});
  ASSERT_TRUE(proxies);

  EXPECT_TRUE(proxies->Contains("10.200.3.4"));
  EXPECT_FALSE(proxies->Contains("11.0.0.1"));
  EXPECT_TRUE(proxies->Contains("192.168.1.1"));
  EXPECT_FALSE(proxies->Contains("192.168.1.2"));
  EXPECT_TRUE(proxies->Contains("::1"));
  EXPECT_TRUE(proxies->Contains("fd12::1"));
  EXPECT_TRUE(proxies->Contains("::ffff:10.1.1.1"));
  EXPECT_FALSE(proxies->Contains("garbage"));
  EXPECT_FALSE(TrustedProxies::Parse({"10.0.0.0/33"}));
  EXPECT_FALSE(TrustedProxies::Parse({"nonsense"}));
}

TEST(TrustedProxiesTest, ForwardedHeadersCountOnlyFromTrustedPeers) {
  auto proxies = TrustedProxies::Parse({"127.0.0.0/8"});
  ASSERT_TRUE(proxies);
  Request spoofed{.headers = {{"x-forwarded-for", "1.2.3.4"}}, .remote_addr = "203.0.113.7"};
  Request proxied{.headers = {{"x-forwarded-for", "1.2.3.4, 127.0.0.5"}},
                  .remote_addr = "127.0.0.1"};
  Request real_ip{.headers = {{"x-real-ip", "[2001:db8::1]:443"}}, .remote_addr = "127.0.0.1"};

  EXPECT_EQ(proxies->ClientIp(spoofed), "203.0.113.7");
  EXPECT_EQ(proxies->ClientIp(proxied), "1.2.3.4");
  EXPECT_EQ(proxies->ClientIp(real_ip), "2001:db8::1");
}

}  // namespace
}  // namespace wpp::http
