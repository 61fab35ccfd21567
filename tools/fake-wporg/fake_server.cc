#include "fake_server.h"

#include "base/strings.h"

namespace wpp::fakewporg {
namespace {

constexpr std::string_view kFaultPrefix = "/fault/";

}  // namespace

FakeWporg::FakeWporg(const Corpus& corpus, Timeline& timeline)
    : corpus_(corpus), timeline_(timeline) {
  AddRoutes();
}

void FakeWporg::AddRoutes() {
  router_.Get("/", [this](const http::Request&) { return Root(); });
  router_.Get("/api/plugins/info/1.2",
              [this](const http::Request& r) { return Info(RepoType::kPlugin, r); });
  router_.Get("/api/themes/info/1.2",
              [this](const http::Request& r) { return Info(RepoType::kTheme, r); });
  for (RepoType type : {RepoType::kPlugin, RepoType::kTheme}) {
    const std::string svn = type == RepoType::kPlugin ? kPluginsSvnPrefix : kThemesSvnPrefix;
    const std::string downloads = "/downloads/" + std::string(RepoTypeName(type)) + "/:file";
    router_.Add("REPORT", svn + "/!svn/bc/:revision",
                [this, type](const http::Request& r) { return Report(type, r); });
    router_.Add("OPTIONS", svn + "/*",
                [this, type](const http::Request&) { return Options(type); });
    router_.Add("PROPFIND", svn + "/*",
                [this, type](const http::Request& r) { return Propfind(type, r); });
    router_.Get(svn + "/*", [this, type](const http::Request& r) {
      return Listing(type, r.params.count("*") != 0 ? r.params.at("*") : std::string());
    });
    router_.Get(downloads, [this, type](const http::Request& r) {
      return Download(type, r.params.at("file"));
    });
  }
  router_.Get("/_fake/state", [this](const http::Request& r) { return State(r); });
  router_.Post("/_fake/advance", [this](const http::Request& r) { return Advance(r); });
  router_.Post("/_fake/close", [this](const http::Request& r) { return Close(r); });
  router_.Get("/wordfence/v3/vulnerabilities",
              [this](const http::Request& r) { return AdvisoryFeed(r); });
}

http::Response FakeWporg::Handle(http::Request& request) {
  if (!base::StartsWith(request.path, kFaultPrefix)) {
    return router_.Dispatch(request);
  }
  const std::string rest = request.path.substr(kFaultPrefix.size());
  const size_t slash = rest.find('/');
  const std::string_view rest_view = rest;
  const auto fault = ParseFaultToken(rest_view.substr(0, slash));
  if (!fault) {
    return http::Response::Text("unknown fault \"" + rest.substr(0, slash) + "\"\n", 400);
  }
  ++counters_[kFault];
  const std::string key =
      request.method + " " + request.path + "?" + request.Query("request[slug]");
  request.path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (auto early = FaultBefore(*fault, key, fault_state_)) {
    return *early;
  }
  return FaultAfter(*fault, router_.Dispatch(request));
}

http::Response FakeWporg::WithSlugFault(const std::string& slug, const std::string& key,
                                        const std::function<http::Response()>& normal) {
  const auto fault = FaultFromSlug(slug);
  if (!fault) {
    return normal();
  }
  ++counters_[kFault];
  if (auto early = FaultBefore(*fault, key, fault_state_)) {
    return *early;
  }
  return FaultAfter(*fault, normal());
}

}  // namespace wpp::fakewporg
