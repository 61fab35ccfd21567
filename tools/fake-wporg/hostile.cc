#include "hostile.h"

#include "synthetic.h"

namespace wpp::fakewporg {
namespace {

constexpr uint64_t kHostileSeedSalt = 0x4057113;

// U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE, U+200F RLM.
constexpr char kRlo[] = "\xE2\x80\xAE";
constexpr char kLri[] = "\xE2\x81\xA6";
constexpr char kRlm[] = "\xE2\x80\x8F";

const std::vector<std::string>& PluginSlugs() {
  static const auto* slugs = new std::vector<std::string>{
      "hostile-script",       "hostile-attribute",    "hostile-javascript-url",
      "hostile-data-url",     "hostile-rtl-override", "hostile-huge-description",
      "hostile-invalid-utf8",
  };
  return *slugs;
}

const std::vector<std::string>& ThemeSlugs() {
  static const auto* slugs = new std::vector<std::string>{"hostile-theme"};
  return *slugs;
}

std::string HugeDescription() {
  std::string html = "<p>Start of a very long description.</p>";
  const std::string chunk =
      "<p>Lorem ipsum &lt;b&gt; dolor <script>alert('long')</script> sit amet, "
      "<img src=x onerror=alert('long')> consectetur adipiscing elit.</p>\n";
  while (html.size() < 110 * 1024) {
    html += chunk;
  }
  return html + "<p>End of the very long description.</p>";
}

void MakeHostile(Package& p, const std::string& slug) {
  const std::string script = "<script>alert('" + slug + "')</script>";
  if (slug == "hostile-script" || slug == "hostile-theme") {
    p.name = script + " Script &lt;b&gt;bold&lt;/b&gt; " + script;
    p.author = p.type == RepoType::kPlugin
                   ? "<a href=\"https://example.com/\">" + script + "Evil Author</a>"
                   : script + "Evil Author";
    p.short_description =
        "&lt;script&gt;alert('short')&lt;/script&gt; <img src=x onerror=alert(1)>";
    p.description_html = "<p>Before</p>" + script +
                         "<img src=x onerror=\"alert('img')\"><svg onload=alert('svg')></svg>"
                         "<iframe src=\"https://example.com/\"></iframe><p>After</p>";
  } else if (slug == "hostile-attribute") {
    p.name = "Attribute\" onmouseover=\"alert('name')\" x=\"' onfocus='alert(2)' autofocus '";
    p.author = "<a href=\"https://example.com/\">Quote\" onmouseover=\"alert('author')</a>";
    p.homepage = "https://example.com/\" onmouseover=\"alert('homepage')\" x=\"";
    p.short_description = "\"><img src=x onerror=alert('short')>";
    p.description_html = "<p title=\"x\" onmouseover=\"alert('p')\">Hover me</p>";
  } else if (slug == "hostile-javascript-url") {
    p.name = "JavaScript URL";
    p.author = "<a href=\"javascript:alert('author')\">JS Author</a>";
    p.homepage = "javascript:alert('homepage')";
    p.short_description = "Links to javascript:alert(document.domain)";
    p.description_html =
        "<p><a href=\"javascript:alert('link')\">click</a> <a href=\" JaVaScRiPt:alert(1)\">"
        "spaced</a> <a href=\"java&#x09;script:alert(2)\">entity</a></p>";
  } else if (slug == "hostile-data-url") {
    p.name = "Data URL";
    p.homepage = "data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+";
    p.short_description = "data:text/html,<script>alert('short')</script>";
    p.description_html =
        "<p><a href=\"data:text/html,<script>alert(1)</script>\">data link</a></p>"
        "<object data=\"data:text/html,<script>alert(2)</script>\"></object>";
  } else if (slug == "hostile-rtl-override") {
    p.name = std::string("Invoice ") + kRlo + "fdp.exe" + kLri + " tool" + kRlm;
    p.author = std::string(kRlo) + "rohtua livE";
    p.short_description = std::string("Looks like ") + kRlo + "txt.exe but is not";
    p.description_html = std::string("<p dir=\"rtl\">") + kRlo + "Mixed direction text</p>";
  } else if (slug == "hostile-huge-description") {
    p.name = "Huge Description";
    // The API's short_description is what the mirror stores and shows.
    p.short_description = HugeDescription();
    p.description_html = HugeDescription();
  } else if (slug == "hostile-invalid-utf8") {
    p.name = "Invalid \xC3\x28 UTF-8 \xFF name";
    p.author = "Bad \x80 Bytes";
    p.short_description = "Short \xE2\x82 description \xED\xA0\x80";
    p.description_html = "<p>Broken \xF0\x9F\x98 bytes \xC0\xAF here</p>";
    p.invalid_utf8 = true;
  }
}

}  // namespace

const std::vector<std::string>& HostileSlugs(RepoType type) {
  return type == RepoType::kPlugin ? PluginSlugs() : ThemeSlugs();
}

Package MakeHostilePackage(uint64_t seed, RepoType type, uint32_t index, int64_t last_revision,
                           const RevisionClock& clock) {
  const std::string& slug = HostileSlugs(type).at(index);
  Package p =
      MakeSyntheticPackage(seed ^ kHostileSeedSalt, type, index, slug, last_revision, clock);
  p.closure = Closure::kNone;
  p.api_missing = false;
  p.invalid_utf8 = false;
  p.versions_empty_array = false;
  p.author_is_object = false;
  if (p.tags.empty()) {
    p.tags.push_back(VersionTag{.name = "1.0.0",
                                .published_ms = p.last_updated_ms,
                                .revision = clock.RevisionAt(p.last_updated_ms)});
    p.version = "1.0.0";
  }
  MakeHostile(p, slug);
  return p;
}

}  // namespace wpp::fakewporg
