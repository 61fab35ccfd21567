#include "status/mass_closures.h"

#include "base/strings.h"
#include "wporg/html.h"

namespace wpp::status {

std::string CleanAuthor(std::string_view author) {
  return std::string(base::Trim(wporg::UnescapeHtml(wporg::StripTags(author))));
}

std::string VendorSlug(std::string_view display_name) {
  std::string slug;
  bool pending_dash = false;
  for (char c : display_name) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (pending_dash && !slug.empty()) {
        slug += '-';
      }
      pending_dash = false;
      slug += c;
    } else {
      pending_dash = true;
    }
  }
  return slug == "feed" ? "feed-vendor" : slug;
}

}  // namespace wpp::status
