#include "packages/versions_json.h"

#include "base/hash.h"

namespace wpp::packages {

std::string CanonicalVersionsJson(const std::map<std::string, std::string>& versions) {
  std::string out = "{";
  for (const auto& [version, url] : versions) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    AppendJsonString(version, &out);
    out.push_back(':');
    AppendJsonString(url, &out);
  }
  out.push_back('}');
  return out;
}

std::string ContentHash(std::string_view versions_json, std::optional<int64_t> trunk_revision) {
  if (!trunk_revision) {
    return base::Sha256Hex(versions_json);
  }
  std::string data(versions_json);
  data += std::to_string(*trunk_revision);
  return base::Sha256Hex(data);
}

}  // namespace wpp::packages
