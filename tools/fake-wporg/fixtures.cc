#include "fixtures.h"

#include <time.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace wpp::fakewporg {
namespace {

using base::Error;
using base::ErrorCode;
using Json = nlohmann::ordered_json;

constexpr int64_t kThirtyDaysMs = 30LL * 86400000;

base::Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error(ErrorCode::kNotFound, "cannot read " + path.string());
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

base::Result<Json> ParseJsonFile(const std::filesystem::path& path) {
  WPP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  try {
    Json json = Json::parse(text);
    if (!json.is_object()) {
      return Error(ErrorCode::kDataLoss, path.string() + ": not a JSON object");
    }
    return json;
  } catch (const Json::exception& e) {
    return Error(ErrorCode::kDataLoss, path.string() + ": " + e.what());
  }
}

std::string String(const Json& json, const char* key) {
  auto it = json.find(key);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Number(const Json& json, const char* key) {
  auto it = json.find(key);
  return it != json.end() && it->is_number() ? it->get<int64_t>() : 0;
}

void FillVersions(const Json& json, Package& p) {
  auto it = json.find("versions");
  if (it == json.end() || !it->is_object()) {
    p.versions_empty_array = it != json.end() && it->is_array();
    return;
  }
  std::vector<std::string> names;
  for (const auto& [key, value] : it->items()) {
    if (key == "trunk" || key == "dev-trunk") {
      p.trunk_key = key;
    } else if (value.is_string()) {
      names.push_back(key);
    }
  }
  // Tags were published a month apart, the newest at last_updated.
  for (size_t i = 0; i < names.size(); ++i) {
    const auto age = static_cast<int64_t>(names.size() - 1 - i);
    p.tags.push_back(VersionTag{
        .name = names[i], .published_ms = p.last_updated_ms - age * kThirtyDaysMs, .revision = 0});
  }
}

Package FromInfo(const Json& json, RepoType type) {
  Package p;
  p.type = type;
  p.fixture = true;
  p.slug = String(json, "slug");
  p.name = String(json, "name");
  p.version = String(json, "version");
  p.author = String(json, "author");
  p.homepage = String(json, "homepage");
  p.short_description = String(json, "short_description");
  if (auto s = json.find("sections"); s != json.end() && s->is_object()) {
    p.description_html = String(*s, "description");
  }
  p.requires_wp = String(json, "requires");
  p.tested = String(json, "tested");
  p.requires_php = String(json, "requires_php");
  p.added = String(json, "added");
  p.last_updated_ms = ParseFixtureDate(String(json, "last_updated"));
  p.date_style = DateStyle::kIso;
  p.downloaded = Number(json, "downloaded");
  p.active_installs = Number(json, "active_installs");
  p.rating = static_cast<int>(Number(json, "rating"));
  p.num_ratings = static_cast<int>(Number(json, "num_ratings"));
  p.php_escaping = false;
  FillVersions(json, p);
  return p;
}

Package FromClosure(const Json& json, std::string payload) {
  Package p;
  p.type = RepoType::kPlugin;
  p.fixture = true;
  p.slug = String(json, "slug");
  p.name = String(json, "name");
  p.version = "1.0";
  p.closed_date = String(json, "closed_date");
  p.last_updated_ms = ParseFixtureDate(p.closed_date) - kThirtyDaysMs;
  const std::string description = String(json, "description");
  p.closure = description.find("This closure is permanent.") != std::string::npos
                  ? Closure::kPermanent
                  : Closure::kTemporary;
  p.closure_payload = std::move(payload);
  p.tags.push_back(VersionTag{.name = "1.0", .published_ms = p.last_updated_ms, .revision = 0});
  return p;
}

base::Status LoadInfoDir(const std::filesystem::path& dir, RepoType type,
                         std::vector<Package>& out) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return base::Status::Ok();
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    WPP_ASSIGN_OR_RETURN(Json json, ParseJsonFile(file));
    Package p = FromInfo(json, type);
    if (p.slug.empty()) {
      return Error(ErrorCode::kDataLoss, file.string() + ": no slug");
    }
    out.push_back(std::move(p));
  }
  return base::Status::Ok();
}

}  // namespace

int64_t ParseFixtureDate(const std::string& text) {
  struct tm parts {};
  const char* end = strptime(text.c_str(), "%Y-%m-%d %H:%M:%S", &parts);
  if (end == nullptr) {
    parts = tm{};
    end = strptime(text.c_str(), "%Y-%m-%d", &parts);
  }
  if (end == nullptr) {
    return -1;
  }
  return static_cast<int64_t>(timegm(&parts)) * 1000;
}

base::Result<std::vector<Package>> LoadFixtures(const std::string& dir) {
  std::vector<Package> out;
  const std::filesystem::path root(dir);
  WPP_RETURN_IF_ERROR(LoadInfoDir(root / "wporg" / "plugins", RepoType::kPlugin, out));
  WPP_RETURN_IF_ERROR(LoadInfoDir(root / "wporg" / "themes", RepoType::kTheme, out));
  for (const char* name : {"api_closed_permanent.json", "api_closed_temporary.json"}) {
    const auto path = root / "inline" / "wporg" / name;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      continue;
    }
    WPP_ASSIGN_OR_RETURN(std::string payload, ReadFile(path));
    WPP_ASSIGN_OR_RETURN(Json json, ParseJsonFile(path));
    out.push_back(FromClosure(json, std::move(payload)));
  }
  return out;
}

}  // namespace wpp::fakewporg
