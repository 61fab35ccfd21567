#include "app/og_job.h"

#include "app/jobs.h"
#include "og/generate.h"

namespace wpp::app {

og::Look OgLook(const config::Config& config) {
  og::Look look;
  look.site_name = config.site_name;
  look.host = og::HostOf(config.app_url);
  return look;
}

bool OgUsesBucket(const config::Config& config) {
  return !config.r2.cdn_bucket.empty();
}

std::string OgImageUrl(const config::Config& config, base::PackageType type, std::string_view slug,
                       bool has_card) {
  const std::string key =
      has_card ? og::PackageImageKey(type, slug) : std::string(og::kDefaultImageKey);
  return og::ImageUrl(config.r2.cdn_public_url, config.app_url, key);
}

base::Status RunGenerateOg(App& app, const OgJob& job) {
  const config::Config& config = app.config();
  og::GenerateOptions options;
  options.look = OgLook(config);
  options.force = job.force;
  options.package = job.package;
  options.workers = job.concurrency;
  options.stop = &StopFlag();
  std::unique_ptr<objectstore::ObjectStore> bucket;
  std::unique_ptr<og::ImageSink> sink;
  if (OgUsesBucket(config)) {
    // Uploads wait on the network: more workers than CPUs keep them busy.
    if (options.workers <= 0) {
      options.workers = 8;
    }
    WPP_ASSIGN_OR_RETURN(bucket, app.OpenBucket(config.r2.cdn_bucket));
    sink = std::make_unique<og::BucketImageSink>(*bucket);
  } else {
    sink = std::make_unique<og::LocalImageDir>(config.og_dir);
  }
  WPP_ASSIGN_OR_RETURN(const og::GenerateResult result,
                       og::Generate(app.db(), app.clock(), *sink, options));
  if (result.interrupted) {
    return base::Error(base::ErrorCode::kUnavailable,
                       "interrupted (cards drawn so far are recorded; the next run goes on)");
  }
  return base::Status::Ok();
}

}  // namespace wpp::app
