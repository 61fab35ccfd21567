#include "package.h"

namespace wpp::fakewporg {

std::string_view RepoTypeName(RepoType type) {
  return type == RepoType::kPlugin ? "plugin" : "theme";
}

bool IsHealthy(const Package& package) {
  return package.closure == Closure::kNone && !package.api_missing && !package.invalid_utf8 &&
         !package.versions_empty_array;
}

std::string TagsFolder(const Package& package) {
  return package.type == RepoType::kPlugin ? package.slug + "/tags" : package.slug;
}

}  // namespace wpp::fakewporg
