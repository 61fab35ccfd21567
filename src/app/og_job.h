// The wiring of `generate-og` (docs/behaviour.md §15): the look from
// configuration, the image sink (the CDN bucket when configured, else the
// og directory), the stop flag. Also the public URL of a package's image for
// the pages' og:image meta tags.

#pragma once

#include <string>
#include <string_view>

#include "app/app.h"
#include "base/package_type.h"
#include "base/result.h"
#include "og/card.h"

namespace wpp::app {

struct OgJob {
  bool force = false;
  std::string package{};  // "wp-plugin/<slug>": draw just this one.
  int concurrency = 0;    // Workers; <= 0: one per CPU (8 for the CDN bucket).
};
base::Status RunGenerateOg(App& app, const OgJob& job);

// The site's look from configuration (site_name, the host of app_url).
og::Look OgLook(const config::Config& config);

// Whether images go to the CDN bucket (r2.cdn_bucket set) rather than og.dir.
bool OgUsesBucket(const config::Config& config);

// The og:image URL of a package's card, or of the default image when
// `has_card` is false (og::OgStore::HasImage says).
std::string OgImageUrl(const config::Config& config, base::PackageType type, std::string_view slug,
                       bool has_card);

}  // namespace wpp::app
