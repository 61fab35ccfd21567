// Which address a request comes from. X-Forwarded-For / X-Real-IP are
// believed only when the peer is a trusted proxy (docs/decisions.md §14), so rate
// limits and telemetry cannot be spoofed by clients.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "http/server.h"

namespace wpp::http {

class TrustedProxies {
 public:
  // Parses CIDRs ("127.0.0.0/8", "::1/128", "10.1.2.3"). Errors:
  // kInvalidArgument naming the bad entry.
  static base::Result<TrustedProxies> Parse(const std::vector<std::string>& cidrs);

  bool Contains(std::string_view ip) const;

  // The client address of `request`: the peer, or when the peer is trusted,
  // X-Real-IP, else the right-most untrusted X-Forwarded-For entry. The
  // result has no port.
  std::string ClientIp(const Request& request) const;

  // Middleware that sets request.context.client_ip to ClientIp(request).
  // The proxies must outlive it.
  Middleware ResolveClientIp() const;

 private:
  struct Net {
    int family = 0;
    unsigned char bytes[16] = {};
    int prefix = 0;
  };
  std::vector<Net> nets_;
};

}  // namespace wpp::http
