#include "http/client_ip.h"

#include <cstring>

#include <arpa/inet.h>

#include "base/strings.h"

namespace wpp::http {
namespace {

// Parses an address into family + 16 bytes; IPv4-mapped IPv6 becomes IPv4.
bool ParseIp(std::string_view text, int* family, unsigned char bytes[16]) {
  std::string s(base::Trim(text));
  if (s.size() > 2 && s.front() == '[') {
    s = s.substr(1, s.find(']') - 1);
  }
  std::memset(bytes, 0, 16);
  if (inet_pton(AF_INET, s.c_str(), bytes) == 1) {
    *family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, s.c_str(), bytes) == 1) {
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(bytes, kMapped, 12) == 0) {
      std::memmove(bytes, bytes + 12, 4);
      std::memset(bytes + 4, 0, 12);
      *family = AF_INET;
    } else {
      *family = AF_INET6;
    }
    return true;
  }
  return false;
}

// Strips ":port" from "1.2.3.4:80" and "[::1]:80"; leaves bare IPv6 alone.
std::string StripPort(std::string_view addr) {
  addr = base::Trim(addr);
  if (!addr.empty() && addr.front() == '[') {
    return std::string(addr.substr(1, addr.find(']') - 1));
  }
  const size_t colon = addr.find(':');
  if (colon != std::string_view::npos && addr.find(':', colon + 1) == std::string_view::npos) {
    return std::string(addr.substr(0, colon));
  }
  return std::string(addr);
}

}  // namespace

base::Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& cidrs) {
  TrustedProxies out;
  for (const std::string& cidr : cidrs) {
    Net net;
    const size_t slash = cidr.find('/');
    if (!ParseIp(cidr.substr(0, slash), &net.family, net.bytes)) {
      return base::Error(base::ErrorCode::kInvalidArgument,
                         "invalid trusted proxy \"" + cidr + "\"");
    }
    const int max = net.family == AF_INET ? 32 : 128;
    net.prefix = max;
    if (slash != std::string::npos) {
      auto prefix = base::ParseInt(cidr.substr(slash + 1));
      if (!prefix || *prefix < 0 || *prefix > max) {
        return base::Error(base::ErrorCode::kInvalidArgument,
                           "invalid trusted proxy prefix \"" + cidr + "\"");
      }
      net.prefix = static_cast<int>(*prefix);
    }
    out.nets_.push_back(net);
  }
  return out;
}

bool TrustedProxies::Contains(std::string_view ip) const {
  int family = 0;
  unsigned char bytes[16];
  if (!ParseIp(ip, &family, bytes)) {
    return false;
  }
  for (const Net& net : nets_) {
    if (net.family != family) {
      continue;
    }
    int bits = net.prefix;
    bool match = true;
    for (int i = 0; bits > 0 && match; ++i, bits -= 8) {
      const unsigned mask = bits >= 8 ? 0xFFu : (0xFFu << (8 - bits)) & 0xFFu;
      match = (bytes[i] & mask) == (net.bytes[i] & mask);
    }
    if (match) {
      return true;
    }
  }
  return false;
}

std::string TrustedProxies::ClientIp(const Request& request) const {
  const std::string peer = StripPort(request.remote_addr);
  if (!Contains(peer)) {
    return peer;
  }
  if (const std::string real = request.Header("x-real-ip"); !base::Trim(real).empty()) {
    return StripPort(real);
  }
  const std::string forwarded = request.Header("x-forwarded-for");
  if (base::Trim(forwarded).empty()) {
    return peer;
  }
  // Walk from the right: the nearest hop not run by us is the client.
  const auto hops = base::Split(forwarded, ',');
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    const std::string hop = StripPort(*it);
    if (!hop.empty() && !Contains(hop)) {
      return hop;
    }
  }
  return StripPort(hops.front());
}

Middleware TrustedProxies::ResolveClientIp() const {
  return [this](Request& request, const Handler& next) {
    request.context.client_ip = ClientIp(request);
    return next(request);
  };
}

}  // namespace wpp::http
