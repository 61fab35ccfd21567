#include "base/package_type.h"

namespace wpp::base {

std::string_view TypeName(PackageType type) {
  return type == PackageType::kPlugin ? "plugin" : "theme";
}

std::optional<PackageType> ParseType(std::string_view name) {
  if (name == "plugin") {
    return PackageType::kPlugin;
  }
  if (name == "theme") {
    return PackageType::kTheme;
  }
  return std::nullopt;
}

std::string_view Vendor(PackageType type) {
  return type == PackageType::kPlugin ? "wp-plugin" : "wp-theme";
}

std::optional<PackageType> ParseVendor(std::string_view vendor) {
  if (vendor.starts_with("wp-")) {
    return ParseType(vendor.substr(3));
  }
  return std::nullopt;
}

std::string ComposerName(PackageType type, std::string_view slug) {
  std::string name(Vendor(type));
  name.push_back('/');
  name.append(slug);
  return name;
}

std::optional<std::pair<PackageType, std::string>> SplitComposerName(std::string_view name) {
  const size_t slash = name.find('/');
  if (slash == std::string_view::npos || slash + 1 == name.size()) {
    return std::nullopt;
  }
  auto type = ParseVendor(name.substr(0, slash));
  if (!type) {
    return std::nullopt;
  }
  return std::make_pair(*type, std::string(name.substr(slash + 1)));
}

}  // namespace wpp::base
