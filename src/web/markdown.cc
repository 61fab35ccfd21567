#include "web/markdown.h"

#include <algorithm>
#include <cstdlib>

#include "base/strings.h"
#include "base/text.h"
#include "web/middleware.h"

namespace wpp::web {
namespace {

struct Range {
  std::string type;
  double q = 1;
  int specificity = 0;  // */* 0, type/* 1, exact 2.
  size_t order = 0;
};

std::vector<Range> ParseAccept(std::string_view accept) {
  std::vector<Range> ranges;
  for (const std::string& part : base::Split(accept, ',')) {
    const auto fields = base::Split(part, ';');
    Range r;
    r.type = base::ToLower(base::Trim(fields[0]));
    if (r.type.empty()) {
      continue;
    }
    for (size_t i = 1; i < fields.size(); ++i) {
      std::string_view p = base::Trim(fields[i]);
      if (p.starts_with("q=") || p.starts_with("Q=")) {
        const std::string value(p.substr(2));
        char* end = nullptr;
        const double q = std::strtod(value.c_str(), &end);
        r.q = end == value.c_str() ? 1 : std::clamp(q, 0.0, 1.0);
      }
    }
    r.specificity = r.type == "*/*" ? 0 : r.type.ends_with("/*") ? 1 : 2;
    r.order = ranges.size();
    ranges.push_back(std::move(r));
  }
  return ranges;
}

bool Matches(const Range& r, std::string_view type) {
  if (r.specificity == 0) {
    return true;
  }
  if (r.specificity == 1) {
    return type.starts_with(std::string_view(r.type).substr(0, r.type.size() - 1));
  }
  return r.type == type;
}

}  // namespace

std::optional<Format> PreferredFormat(std::string_view accept) {
  const std::vector<Range> ranges = ParseAccept(accept);
  if (ranges.empty()) {
    return Format::kHtml;
  }
  struct Choice {
    Format format;
    double q = 0;
    size_t order = 0;
  };
  std::optional<Choice> best;
  for (const auto& [format, type] :
       {std::pair{Format::kHtml, std::string_view("text/html")},
        std::pair{Format::kMarkdown, std::string_view("text/markdown")}}) {
    // The most specific matching range decides the type's q; ties go to the earliest.
    const Range* decisive = nullptr;
    for (const Range& r : ranges) {
      if (Matches(r, type) && (decisive == nullptr || r.specificity > decisive->specificity)) {
        decisive = &r;
      }
    }
    if (decisive == nullptr || decisive->q <= 0) {
      continue;
    }
    if (!best || decisive->q > best->q ||
        (decisive->q == best->q && decisive->order < best->order)) {
      best = Choice{format, decisive->q, decisive->order};
    }
  }
  if (!best) {
    return std::nullopt;
  }
  return best->format;
}

std::string ContentQuery(const http::Request& request, const std::vector<std::string>& keys) {
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  std::string q;
  for (const std::string& key : sorted) {
    const std::string value = request.Query(key);
    if (!value.empty()) {
      q += (q.empty() ? "?" : "&") + key + "=" + base::FormEncode(value);
    }
  }
  return q;
}

std::string MarkdownSibling(std::string_view app_url, const http::Request& request,
                            const std::vector<std::string>& content_keys) {
  return std::string(app_url) + (request.path == "/" ? "/index" : request.path) + ".md" +
         ContentQuery(request, content_keys);
}

http::Response MarkdownResponse(std::string body, std::string_view cache_control, int status) {
  while (!body.empty() && body.back() == '\n') {
    body.pop_back();
  }
  body += '\n';
  http::Response r{.status = status, .body = std::move(body)};
  r.Header("Content-Type", "text/markdown; charset=utf-8");
  if (!cache_control.empty()) {
    r.Header("Cache-Control", std::string(cache_control));
  }
  return r;
}

void AddPage(http::Router& router, PageRoute route, PageHandler handler) {
  const std::string pattern = route.pattern;
  const bool inline_first = route.inline_first;
  router.Add("GET", pattern, {.blocking = true, .inline_first = inline_first},
             [route = std::move(route), handler = std::move(handler)](http::Request& request) {
               if (auto* suffix = request.context.Get<MarkdownSuffix>()) {
                 *suffix->served = true;
                 http::Response r = handler(request, Format::kMarkdown);
                 if (r.deferred) {
                   return r;
                 }
                 AddVary(r, "Accept");
                 r.Header("X-Robots-Tag", "noindex");
                 return r;
               }
               const auto format = PreferredFormat(request.Header("accept"));
               if (!format) {
                 http::Response r = http::Response::Text(
                     "Not Acceptable\n\nAvailable: text/html, text/markdown\n", 406);
                 AddVary(r, "Accept");
                 return r;
               }
               http::Response r = handler(request, *format);
               if (r.deferred) {
                 return r;
               }
               AddVary(r, "Accept");
               if (*format == Format::kHtml) {
                 const std::string sibling =
                     MarkdownSibling(route.app_url, request, route.content_keys);
                 r.Header("Link", "<" + sibling + ">; rel=\"alternate\"; type=\"text/markdown\"");
               }
               return r;
             });
}

}  // namespace wpp::web
