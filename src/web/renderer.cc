#include "web/renderer.h"

#include <map>

#include <kainjow/mustache.hpp>

#include "base/hash.h"
#include "web/assets.h"

namespace wpp::web {

extern const std::vector<std::pair<std::string_view, std::string_view>> kTemplateFiles;

namespace {

namespace mstch = kainjow::mustache;

constexpr std::string_view kSuffix = ".mustache";
constexpr std::string_view kPartialDir = "partials/";

// Template name ("home", "partials/card") → its text.
const std::map<std::string, std::string_view, std::less<>>& Sources() {
  static const auto* sources = [] {
    auto* m = new std::map<std::string, std::string_view, std::less<>>();
    for (const auto& [path, text] : kTemplateFiles) {
      if (path.ends_with(kSuffix)) {
        (*m)[std::string(path.substr(0, path.size() - kSuffix.size()))] = text;
      }
    }
    return m;
  }();
  return *sources;
}

// Parsed templates, one set per thread: rendering mutates a template's
// error state, so threads never share one.
mstch::mustache& Compiled(std::string_view name) {
  thread_local std::map<std::string, std::unique_ptr<mstch::mustache>, std::less<>> compiled;
  auto it = compiled.find(name);
  if (it == compiled.end()) {
    const auto& sources = Sources();
    auto src = sources.find(name);
    const std::string text =
        src == sources.end() ? "missing template " + std::string(name) : std::string(src->second);
    it = compiled.emplace(std::string(name), std::make_unique<mstch::mustache>(text)).first;
  }
  return *it->second;
}

mstch::data Convert(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kString:
      return mstch::data(value.text());
    case Value::Kind::kBool:
      return mstch::data(value.flag());
    case Value::Kind::kList: {
      mstch::data list(mstch::data::type::list);
      for (const Value& item : value.items()) {
        list.push_back(Convert(item));
      }
      return list;
    }
    case Value::Kind::kObject:
      break;
  }
  mstch::data object(mstch::data::type::object);
  for (const auto& [key, field] : value.fields()) {
    object.set(key, Convert(field));
  }
  return object;
}

// Every template under partials/ as {{> name}}, plus the common fields.
void AddCommon(const Renderer& renderer, mstch::data* data) {
  for (const auto& [name, text] : Sources()) {
    if (name.starts_with(kPartialDir)) {
      const std::string_view body = text;
      data->set(name.substr(kPartialDir.size()),
                mstch::partial([body] { return std::string(body); }));
    }
  }
  data->set("site_name", renderer.site().site_name);
  data->set("app_url", renderer.site().app_url);
  data->set("css_url", renderer.AssetUrl("app.css"));
  data->set("js_url", renderer.AssetUrl("app.js"));
  data->set("htmx_url", renderer.AssetUrl("htmx.min.js"));
  data->set("icon_url", renderer.AssetUrl("icon.svg"));
}

}  // namespace

Renderer::Renderer(SiteOptions options) : options_(std::move(options)) {}
Renderer::~Renderer() = default;

base::Result<std::unique_ptr<Renderer>> Renderer::Create(SiteOptions options) {
  while (!options.app_url.empty() && options.app_url.back() == '/') {
    options.app_url.pop_back();
  }
  if (options.footer_text.empty()) {
    options.footer_text = options.site_name + " — a Composer repository for WordPress.org";
  }
  std::string all;
  for (const auto& [name, text] : Sources()) {
    mstch::mustache parsed{std::string(text)};
    if (!parsed.is_valid()) {
      return base::Error(base::ErrorCode::kInternal,
                         "template " + name + ": " + parsed.error_message());
    }
    all += name;
    all += text;
  }
  auto renderer = std::unique_ptr<Renderer>(new Renderer(std::move(options)));
  renderer->version_ =
      base::Sha256Hex(all + Assets::Embedded().version() + renderer->options_.site_name +
                      renderer->options_.app_url + renderer->options_.footer_text)
          .substr(0, 16);
  return renderer;
}

std::string Renderer::Render(std::string_view name, const Value& data, const Value* layout) const {
  mstch::data root = Convert(data);
  AddCommon(*this, &root);
  std::string body = Compiled(name).render(root);
  if (layout == nullptr) {
    return body;
  }
  mstch::data outer = Convert(*layout);
  AddCommon(*this, &outer);
  outer.set("body", body);
  return Compiled("layout").render(outer);
}

std::string Renderer::Fragment(std::string_view name, const Value& data) const {
  return Render(name, data, nullptr);
}

std::string Renderer::Page(const PageMeta& meta, std::string_view name, const Value& data) const {
  Value layout;
  layout.Set("title",
             meta.title.empty() ? options_.site_name : meta.title + " · " + options_.site_name);
  layout.Set("description", meta.description);
  layout.Set("canonical", Absolute(meta.path.empty() ? "/" : meta.path));
  layout.Set("og_image", meta.og_image);
  layout.Set("noindex", meta.noindex);
  layout.Set("markdown_url", meta.markdown_url);
  layout.Set("footer_text", options_.footer_text);
  layout.Set("nav_" + (meta.nav.empty() ? std::string("none") : meta.nav), true);
  Value scripts = Value::List();
  for (const std::string& doc : meta.json_ld) {
    scripts.Push(Value().Set("json", ScriptSafeJson(doc)));
  }
  layout.Set("json_ld", std::move(scripts));
  return Render(name, data, &layout);
}

std::string Renderer::AssetUrl(std::string_view name) const {
  return Assets::Embedded().Url(name);
}

std::string Renderer::Absolute(std::string_view path) const {
  return options_.app_url + std::string(path);
}

std::string ScriptSafeJson(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace wpp::web
