// The site's static assets (app.css built by Tailwind, htmx, app.js),
// embedded at build time and served under fingerprinted names
// (/assets/app.<hash>.css) that never change meaning, so they are cached
// for a year (docs/behaviour.md §17.4).

#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/server.h"

namespace wpp::web {

struct Asset {
  std::string name{};  // "app.css"
  std::string url{};   // "/assets/app.1a2b3c4d5e6f.css"
  std::string content_type{};
  std::string etag{};
  std::shared_ptr<const std::string> body{};
  std::shared_ptr<const std::string> gz{};  // gzip of body (null when it does not shrink it).
};

class Assets {
 public:
  // The embedded assets, loaded (and hashed, and gzipped) once.
  static const Assets& Embedded();

  // The asset under its fingerprinted file name ("app.<hash>.css"), or null.
  const Asset* Find(std::string_view file) const;
  // "/assets/app.<hash>.css" for "app.css"; empty for an unknown name.
  std::string Url(std::string_view name) const;
  // A hash of every asset: part of the page ETags.
  const std::string& version() const { return version_; }

 private:
  Assets();
  std::vector<Asset> assets_;
  std::string version_;
};

// GET /assets/<file>: immutable for a year, ETag, gzip when accepted.
void RegisterAssetRoutes(http::Router& router);

}  // namespace wpp::web
