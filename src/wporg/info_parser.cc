#include "wporg/info_parser.h"

#include <simdjson.h>

#include <cmath>
#include <limits>

#include "base/strings.h"
#include "wporg/dates.h"
#include "wporg/html.h"

namespace wpp::wporg {
namespace {

using base::Error;
using base::ErrorCode;
namespace od = simdjson::ondemand;

constexpr std::string_view kPermanentClosure = "This closure is permanent.";

// What one pass over a top-level object found.
struct Scan {
  bool has_error_key = false;
  std::string error_value{};  // The `error` string, if it was one.
  std::string description{};  // The `description` string (closure payloads).
  ClosureInfo closure{};      // closed_date, reason, reason_text.
  std::string sections_description{};
  PackageInfo info{};
};

od::parser& ThreadParser() {
  thread_local od::parser parser;
  return parser;
}

// Text as stored: NUL bytes (from "\u0000" escapes) removed.
std::string Clean(std::string_view s) {
  std::string out(s);
  std::erase(out, '\0');
  return out;
}

// A non-empty string value, or nullopt for anything else.
std::optional<std::string> NonEmptyString(od::value v) {
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS || s.empty()) {
    return std::nullopt;
  }
  return Clean(s);
}

int64_t Integer(od::value v) {
  double d = 0;
  if (v.get_double().get(d) != simdjson::SUCCESS || !std::isfinite(d)) {
    return 0;
  }
  constexpr double kMax = static_cast<double>(std::numeric_limits<int64_t>::max());
  return static_cast<int64_t>(std::clamp(d, -kMax, kMax));
}

// Calls fn(key, value) for each field of `object`, stopping at the first
// error (from the iteration or from fn).
template <typename Fn>
simdjson::error_code ForEachField(od::object& object, Fn fn) {
  for (auto entry : object) {
    std::string_view key;
    simdjson::error_code error;
    if ((error = entry.error()) || (error = entry.value_unsafe().unescaped_key().get(key)) ||
        (error = fn(key, entry.value_unsafe().value()))) {
      return error;
    }
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadVersions(od::value v, std::map<std::string, std::string>* out) {
  od::object versions;
  if (v.get_object().get(versions) != simdjson::SUCCESS) {
    return simdjson::SUCCESS;  // Missing, array or scalar: no versions.
  }
  return ForEachField(versions, [out](std::string_view key, od::value value) {
    std::string_view url;
    if (value.get_string().get(url) == simdjson::SUCCESS) {
      out->emplace(Clean(key), Clean(url));
    }
    return simdjson::SUCCESS;
  });
}

simdjson::error_code ReadSections(od::value v, std::string* description) {
  od::object sections;
  if (v.get_object().get(sections) != simdjson::SUCCESS) {
    return simdjson::SUCCESS;
  }
  return ForEachField(sections, [description](std::string_view key, od::value value) {
    if (key == "description") {
      *description = NonEmptyString(value).value_or("");
    }
    return simdjson::SUCCESS;
  });
}

// Reads one field of the top-level object into `scan`.
simdjson::error_code ReadField(std::string_view key, od::value v, Scan* scan) {
  PackageInfo& info = scan->info;
  if (key == "error") {
    scan->has_error_key = true;
    scan->error_value = NonEmptyString(v).value_or("");
  } else if (key == "description") {
    scan->description = NonEmptyString(v).value_or("");
  } else if (key == "closed_date") {
    scan->closure.closed_date = NonEmptyString(v).value_or("");
  } else if (key == "reason") {
    scan->closure.reason = NonEmptyString(v).value_or("");
  } else if (key == "reason_text") {
    scan->closure.reason_text = NonEmptyString(v).value_or("");
  } else if (key == "slug") {
    info.slug = NonEmptyString(v).value_or("");
  } else if (key == "name") {
    info.display_name = NonEmptyString(v);
  } else if (key == "short_description") {
    info.description = NonEmptyString(v);
  } else if (key == "author") {
    info.author = NonEmptyString(v);
  } else if (key == "homepage") {
    info.homepage = NonEmptyString(v);
  } else if (key == "version") {
    info.version = NonEmptyString(v);
  } else if (key == "last_updated") {
    if (auto text = NonEmptyString(v)) {
      info.last_updated = ParseApiDate(*text);
    }
  } else if (key == "downloaded") {
    info.downloads = Integer(v);
  } else if (key == "active_installs") {
    info.active_installs = Integer(v);
  } else if (key == "num_ratings") {
    info.num_ratings = Integer(v);
  } else if (key == "rating") {
    double rating = 0;
    if (v.get_double().get(rating) == simdjson::SUCCESS && rating > 0) {
      info.rating = rating;
    }
  } else if (key == "versions") {
    return ReadVersions(v, &info.versions);
  } else if (key == "sections") {
    return ReadSections(v, &scan->sections_description);
  }
  return simdjson::SUCCESS;
}

// Parses `body` as one JSON object. Errors mean "not a JSON object".
base::Result<Scan> ScanObject(std::string_view body, bool* repaired) {
  std::string repaired_body;
  *repaired = !simdjson::validate_utf8(body.data(), body.size());
  if (*repaired) {
    repaired_body = base::SanitizeUtf8(body);
    body = repaired_body;
  }
  const simdjson::padded_string padded(body);
  od::document doc;
  od::object object;
  Scan scan;
  auto error = ThreadParser().iterate(padded).get(doc);
  if (!error) {
    error = doc.get_object().get(object);
  }
  if (!error) {
    error = ForEachField(object, [&scan](std::string_view key, od::value value) {
      return ReadField(key, value, &scan);
    });
  }
  // Only whitespace may follow the object; current_location fails at the end.
  if (!error && doc.current_location().error() == simdjson::SUCCESS) {
    error = simdjson::TRAILING_CONTENT;
  }
  if (error) {
    return Error(ErrorCode::kDataLoss, simdjson::error_message(error));
  }
  return scan;
}

// Decodes HTML in the mapped strings (docs/behaviour.md §2.4).
void FinishInfo(PackageType type, Scan& scan) {
  PackageInfo& info = scan.info;
  if (info.display_name) {
    info.display_name = UnescapeHtml(*info.display_name);
  }
  if (info.description) {
    info.description = UnescapeHtml(*info.description);
  } else if (type == PackageType::kTheme && !scan.sections_description.empty()) {
    info.description = UnescapeHtml(StripTags(scan.sections_description));
  }
  if (info.author) {
    info.author = UnescapeHtml(StripTags(*info.author));
  }
}

// The shared part of docs/behaviour.md §2.3: status and error key → availability or error.
// Returns kAvailable only for a 200 object without `error`.
base::Result<Availability> Classify(int status, const base::Result<Scan>& scan) {
  if (status != 200 && status != 404) {
    return Error(ErrorCode::kUnavailable, "unexpected status " + std::to_string(status));
  }
  if (!scan) {
    if (status == 404) {
      return Availability::kNotFound;
    }
    return Error(ErrorCode::kDataLoss, "parsing JSON response: " + scan.error().message());
  }
  if (scan->has_error_key) {
    if (scan->error_value == "closed") {
      return scan->description.find(kPermanentClosure) != std::string::npos
                 ? Availability::kClosedPermanent
                 : Availability::kNotFound;
    }
    if (status == 404) {
      return Availability::kNotFound;
    }
    return Error(ErrorCode::kFailedPrecondition, "API error: " + scan->error_value);
  }
  return status == 404 ? Availability::kNotFound : Availability::kAvailable;
}

}  // namespace

base::Result<InfoResult> ParseInfoResponse(PackageType type, int status, std::string_view body) {
  InfoResult result;
  auto scan = ScanObject(body, &result.had_invalid_utf8);
  if (status == 404 && !scan) {
    // Only the API's own answer may say "not found" of a package: an empty
    // or HTML 404 comes from a proxy or CDN and proves nothing
    // (docs/behaviour.md §2.3).
    return Error(ErrorCode::kDataLoss, "404 without a JSON body");
  }
  WPP_ASSIGN_OR_RETURN(result.availability, Classify(status, scan));
  if (scan && scan->has_error_key && scan->error_value == "closed") {
    result.closure = std::move(scan->closure);
    result.closure->description = std::move(scan->description);
    result.closure->permanent = result.availability == Availability::kClosedPermanent;
  }
  if (result.availability == Availability::kAvailable) {
    FinishInfo(type, *scan);
    result.info = std::move(scan->info);
  }
  return result;
}

std::string DescribeBody(int status, std::string_view content_type, std::string_view body) {
  size_t start = 0;
  while (start < body.size() && (body[start] == ' ' || body[start] == '\t' || body[start] == '\n' ||
                                 body[start] == '\r')) {
    ++start;
  }
  const std::string_view rest = body.substr(start);
  const char first = rest.empty() ? '\0' : rest.front();
  std::string kind;
  if (body.empty()) {
    kind = "an empty body";
  } else if (rest.starts_with("<?xml")) {
    kind = "an XML document";
  } else if (first == '<') {
    kind = "an HTML page";
  } else if (first == '[') {
    kind = "a JSON array";
  } else if (first == '{') {
    kind = "a JSON object that does not parse";
  } else if (first == '"' || first == '-' || (first >= '0' && first <= '9') ||
             rest.starts_with("true") || rest.starts_with("false") || rest.starts_with("null")) {
    kind = "a JSON scalar";
  } else {
    kind = "not JSON";
  }
  if (!body.empty()) {
    kind += " (" + std::to_string(body.size()) + " bytes)";
  }
  const std::string type =
      content_type.empty() ? "no content type" : "content type " + std::string(content_type);
  return "status " + std::to_string(status) + ", " + type + ", " + kind;
}

base::Result<LastUpdatedResult> ParseLastUpdatedResponse(int status, std::string_view body) {
  bool repaired = false;
  auto scan = ScanObject(body, &repaired);
  LastUpdatedResult result;
  WPP_ASSIGN_OR_RETURN(result.availability, Classify(status, scan));
  if (result.availability == Availability::kAvailable) {
    result.last_updated = scan->info.last_updated;
  }
  return result;
}

}  // namespace wpp::wporg
