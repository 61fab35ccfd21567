#include "web/assets.h"

#include "base/hash.h"
#include "base/strings.h"
#include "http/file_cache.h"

namespace wpp::web {

extern const std::vector<std::pair<std::string_view, std::string_view>> kAssetFiles;

namespace {

constexpr char kImmutable[] = "public, max-age=31536000, immutable";

std::string ContentType(std::string_view name) {
  if (base::EndsWith(name, ".css")) {
    return "text/css; charset=utf-8";
  }
  if (base::EndsWith(name, ".js")) {
    return "text/javascript; charset=utf-8";
  }
  if (base::EndsWith(name, ".svg")) {
    return "image/svg+xml";
  }
  return "application/octet-stream";
}

}  // namespace

Assets::Assets() {
  std::string all;
  for (const auto& [name, bytes] : kAssetFiles) {
    Asset a;
    a.name = std::string(name);
    const std::string hash = base::Sha256Hex(bytes).substr(0, 12);
    const size_t dot = a.name.find('.');
    a.url = "/assets/" + a.name.substr(0, dot) + "." + hash + a.name.substr(dot);
    a.content_type = ContentType(name);
    a.etag = "\"" + hash + "\"";
    a.body = std::make_shared<const std::string>(bytes);
    std::string gz = http::Gzip(bytes);
    if (!gz.empty() && gz.size() < bytes.size()) {
      a.gz = std::make_shared<const std::string>(std::move(gz));
    }
    all += hash;
    assets_.push_back(std::move(a));
  }
  version_ = base::Sha256Hex(all).substr(0, 12);
}

const Assets& Assets::Embedded() {
  static const Assets* assets = new Assets();
  return *assets;
}

const Asset* Assets::Find(std::string_view file) const {
  for (const Asset& a : assets_) {
    if (std::string_view(a.url).substr(8) == file) {
      return &a;
    }
  }
  return nullptr;
}

std::string Assets::Url(std::string_view name) const {
  for (const Asset& a : assets_) {
    if (a.name == name) {
      return a.url;
    }
  }
  return {};
}

void RegisterAssetRoutes(http::Router& router) {
  // Browsers that ignore <link rel="icon"> still ask for /favicon.ico.
  router.Get("/favicon.ico", [](const http::Request&) {
    http::Response r{.status = 301};
    r.Header("Location", Assets::Embedded().Url("icon.svg"));
    r.Header("Cache-Control", "public, max-age=86400");
    return r;
  });
  router.Get("/assets/:file", [](const http::Request& request) {
    const Asset* asset = Assets::Embedded().Find(request.params.at("file"));
    if (asset == nullptr) {
      return http::Response::NotFound();
    }
    http::Response r;
    r.Header("Cache-Control", kImmutable).Header("ETag", asset->etag);
    r.Header("Vary", "Accept-Encoding").Header("X-Content-Type-Options", "nosniff");
    if (http::EtagMatches(request.Header("if-none-match"), asset->etag)) {
      r.status = 304;
      return r;
    }
    r.Header("Content-Type", asset->content_type);
    if (asset->gz && http::AcceptsGzip(request)) {
      r.Header("Content-Encoding", "gzip");
      r.shared_body = asset->gz;
    } else {
      r.shared_body = asset->body;
    }
    return r;
  });
}

}  // namespace wpp::web
