#include "seo/render.h"

#include "base/text.h"
#include "seo/xml.h"

namespace wpp::seo {
namespace {

constexpr char kXmlDeclaration[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr char kSitemapNs[] = "http://www.sitemaps.org/schemas/sitemap/0.9";
// The site's own pages, in sitemap order (docs/behaviour.md §18.3).
constexpr const char* kPages[] = {"/",        "/docs",     "/status",  "/wordpress-core",
                                  "/compare", "/untagged", "/closures"};

std::string Url(const Site& site, std::string_view path) {
  return XmlText(Absolute(site.app_url, path));
}

void AppendUrl(const Site& site, std::string_view path, const std::string& lastmod,
               std::string* out) {
  *out += "  <url>\n    <loc>" + Url(site, path) + "</loc>\n";
  if (!lastmod.empty()) {
    *out += "    <lastmod>" + XmlText(lastmod) + "</lastmod>\n";
  }
  *out += "  </url>\n";
}

// What the feed shows for a package: its display name, else its slug.
std::string Title(const FeedPackage& p) {
  return p.display_name.empty() ? p.name : p.display_name;
}

std::string ComposerName(std::string_view type, std::string_view name) {
  return "wp-" + std::string(type) + "/" + std::string(name);
}

}  // namespace

std::string PackagePath(std::string_view type, std::string_view name) {
  return "/packages/wp-" + std::string(type) + "/" + base::PercentEncode(name);
}

std::string RobotsTxt(const Site& site) {
  return "User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /*?search=\nDisallow: /*?page=\n"
         "Disallow: /packages-partial\nDisallow: /untagged-partial\n"
         "Disallow: /untagged-authors\n\nSitemap: " +
         Absolute(site.app_url, "/sitemap.xml") + "\n";
}

std::string SitemapIndex(const Site& site, int64_t files, base::Clock::TimePoint now) {
  const std::string today = base::FormatRfc3339(now).substr(0, 10);
  std::string out = kXmlDeclaration;
  out += std::string("<sitemapindex xmlns=\"") + kSitemapNs + "\">\n";
  const auto entry = [&](const std::string& path) {
    out += "  <sitemap>\n    <loc>" + Url(site, path) + "</loc>\n    <lastmod>" + today +
           "</lastmod>\n  </sitemap>\n";
  };
  entry("/sitemaps/pages.xml");
  for (int64_t n = 0; n < files; ++n) {
    entry("/sitemaps/packages-" + std::to_string(n) + ".xml");
  }
  out += "</sitemapindex>\n";
  return out;
}

std::string PagesSitemap(const Site& site, const std::vector<VendorLastmod>& vendors) {
  std::string out = kXmlDeclaration;
  out += std::string("<urlset xmlns=\"") + kSitemapNs + "\">\n";
  for (const char* page : kPages) {
    AppendUrl(site, page, "", &out);
  }
  for (const VendorLastmod& v : vendors) {
    AppendUrl(site, "/closures/" + base::PercentEncode(v.vendor_slug), DatePart(v.detected_at),
              &out);
  }
  out += "</urlset>\n";
  return out;
}

std::string PackageSitemap(const Site& site, const std::vector<SitemapPackage>& packages) {
  std::string out = kXmlDeclaration;
  out += std::string("<urlset xmlns=\"") + kSitemapNs + "\">\n";
  for (const SitemapPackage& p : packages) {
    AppendUrl(site, PackagePath(p.type, p.name), DatePart(p.updated_at), &out);
  }
  out += "</urlset>\n";
  return out;
}

std::string AtomFeed(const Site& site, const std::vector<FeedPackage>& packages,
                     base::Clock::TimePoint now) {
  const std::string self = Url(site, "/feed.xml");
  const std::string updated = !packages.empty() && !DatePart(packages.front().updated_at).empty()
                                  ? packages.front().updated_at
                                  : base::FormatRfc3339(now);
  std::string out = kXmlDeclaration;
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <title>" + XmlText(site.name) + " — Recently updated packages</title>\n";
  out += "  <link href=\"" + Url(site, "/") + "\" rel=\"alternate\" type=\"text/html\"/>\n";
  out += "  <link href=\"" + self + "\" rel=\"self\" type=\"application/atom+xml\"/>\n";
  out += "  <id>" + self + "</id>\n";
  out += "  <updated>" + XmlText(updated) + "</updated>\n";
  for (const FeedPackage& p : packages) {
    const std::string url = Url(site, PackagePath(p.type, p.name));
    const std::string title = Title(p);
    std::string summary = "Install " + title + " with " + site.name + ": composer require " +
                          ComposerName(p.type, p.name);
    if (!p.current_version.empty()) {
      summary = title + " " + p.current_version + " — " + summary;
    }
    const std::string entry_updated =
        DatePart(p.updated_at).empty() ? base::FormatRfc3339(now) : p.updated_at;
    out += "  <entry>\n";
    out += "    <title>" + XmlText(title) + "</title>\n";
    out += "    <link href=\"" + url + "\" rel=\"alternate\" type=\"text/html\"/>\n";
    out += "    <id>" + url + "</id>\n";
    out += "    <updated>" + XmlText(entry_updated) + "</updated>\n";
    out += "    <summary>" + XmlText(summary) + "</summary>\n";
    out += "    <author><name>" + XmlText(p.author.empty() ? "WordPress.org" : p.author) +
           "</name></author>\n";
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string ClosuresRss(const Site& site, const std::vector<ClosureEvent>& events,
                        base::Clock::TimePoint now) {
  base::Clock::TimePoint built = now;
  if (!events.empty()) {
    built = base::ParseRfc3339(events.front().detected_at).value_or(now);
  }
  std::string out = kXmlDeclaration;
  out += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n  <channel>\n";
  out += "    <title>WordPress.org mass closures — " + XmlText(site.name) + "</title>\n";
  out += "    <link>" + Url(site, "/closures") + "</link>\n";
  out += "    <atom:link href=\"" + Url(site, "/closures/feed") +
         "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
  out += "    <description>Recent mass-closure events on WordPress.org</description>\n";
  out += "    <language>en-us</language>\n";
  out += "    <lastBuildDate>" + Rfc1123(built) + "</lastBuildDate>\n";
  for (const ClosureEvent& e : events) {
    const std::string link =
        Absolute(site.app_url, "/closures/" + base::PercentEncode(e.vendor_slug));
    std::string description = std::to_string(e.plugin_count) + " plugins from " + e.vendor_name +
                              " closed on WordPress.org: ";
    for (size_t i = 0; i < e.plugin_slugs.size() && i < 10; ++i) {
      description += (i == 0 ? "" : ", ") + e.plugin_slugs[i];
    }
    if (e.plugin_slugs.size() > 10) {
      description += ", and " + std::to_string(e.plugin_slugs.size() - 10) + " more";
    }
    out += "    <item>\n";
    out += "      <title>" +
           XmlText(e.vendor_name + ": " + std::to_string(e.plugin_count) + " plugins closed") +
           "</title>\n";
    out += "      <link>" + XmlText(link) + "</link>\n";
    out += "      <guid isPermaLink=\"false\">" + XmlText(link + "#" + std::to_string(e.id)) +
           "</guid>\n";
    if (const auto at = base::ParseRfc3339(e.detected_at)) {
      out += "      <pubDate>" + Rfc1123(*at) + "</pubDate>\n";
    }
    out += "      <description>" + XmlText(description) + "</description>\n";
    out += "    </item>\n";
  }
  out += "  </channel>\n</rss>\n";
  return out;
}

std::string OpenSearch(const Site& site) {
  // ShortName may hold at most 16 characters.
  std::string short_name = site.name.substr(0, 16);
  while (!short_name.empty() && (static_cast<unsigned char>(short_name.back()) & 0xC0) == 0x80) {
    short_name.pop_back();  // Never cut a UTF-8 sequence in half.
  }
  if (!short_name.empty() && static_cast<unsigned char>(short_name.back()) >= 0xC0) {
    short_name.pop_back();
  }
  std::string out = kXmlDeclaration;
  out += "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n";
  out += "  <ShortName>" + XmlText(short_name) + "</ShortName>\n";
  out += "  <Description>Search WordPress plugins and themes on " + XmlText(site.name) +
         "</Description>\n";
  out += "  <InputEncoding>UTF-8</InputEncoding>\n";
  out += "  <Url type=\"text/html\" method=\"get\" template=\"" +
         Url(site, "/?search={searchTerms}") + "\"/>\n";
  out += "  <Url type=\"application/opensearchdescription+xml\" rel=\"self\" template=\"" +
         Url(site, "/opensearch.xml") + "\"/>\n";
  out += "</OpenSearchDescription>\n";
  return out;
}

}  // namespace wpp::seo
