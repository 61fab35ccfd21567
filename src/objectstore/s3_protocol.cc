#include "objectstore/s3_protocol.h"

#include <algorithm>
#include <cstdlib>

#include "base/strings.h"
#include "base/text.h"

namespace wpp::objectstore::s3 {
namespace {

// Decodes the five XML entities and numeric character references.
std::string XmlUnescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const size_t semi = text.find(';', i);
    if (semi == std::string_view::npos) {
      out += text[i];
      continue;
    }
    const std::string_view entity = text.substr(i + 1, semi - i - 1);
    if (entity == "amp") {
      out += '&';
    } else if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "quot") {
      out += '"';
    } else if (entity == "apos") {
      out += '\'';
    } else if (!entity.empty() && entity[0] == '#') {
      const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
      const std::string digits(entity.substr(hex ? 2 : 1));
      const unsigned long cp = std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10);
      base::AppendUtf8(static_cast<uint32_t>(std::min<unsigned long>(cp, 0x110000)), &out);
    } else {
      out.append(text.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

}  // namespace

std::string CanonicalQuery(const QueryParams& params) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.size());
  for (const auto& [name, value] : params) {
    encoded.emplace_back(base::PercentEncode(name), base::PercentEncode(value));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) {
      out += '&';
    }
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

base::Result<Endpoint> ParseEndpoint(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    return base::Error(
        base::ErrorCode::kInvalidArgument,
        "object store endpoint must look like https://host[:port]: " + std::string(url));
  }
  Endpoint endpoint;
  endpoint.scheme = base::ToLower(url.substr(0, sep));
  if (endpoint.scheme != "http" && endpoint.scheme != "https") {
    return base::Error(base::ErrorCode::kInvalidArgument,
                       "object store endpoint must use http or https: " + std::string(url));
  }
  std::string_view rest = url.substr(sep + 3);
  const size_t slash = rest.find('/');
  endpoint.authority = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    while (!path.empty() && path.back() == '/') {
      path.remove_suffix(1);
    }
    endpoint.base_path = std::string(path);
  }
  if (endpoint.authority.empty() || endpoint.authority.find_first_of("?#@") != std::string::npos) {
    return base::Error(base::ErrorCode::kInvalidArgument,
                       "object store endpoint has no usable host: " + std::string(url));
  }
  return endpoint;
}

std::string ObjectUrl(const Endpoint& endpoint, std::string_view bucket, bool path_style,
                      std::string_view key, std::string_view query) {
  std::string url = endpoint.scheme + "://";
  if (path_style) {
    url += endpoint.authority + endpoint.base_path + "/" + base::PercentEncode(bucket);
    if (!key.empty()) {
      url += "/" + base::PercentEncodePath(key);
    }
  } else {
    url += std::string(bucket) + "." + endpoint.authority + endpoint.base_path + "/" +
           base::PercentEncodePath(key);
  }
  if (!query.empty()) {
    url += "?" + std::string(query);
  }
  return url;
}

std::vector<std::string> XmlValues(std::string_view xml, std::string_view tag) {
  std::vector<std::string> values;
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    const size_t start = pos + open.size();
    const size_t end = xml.find(close, start);
    if (end == std::string_view::npos) {
      break;
    }
    values.push_back(XmlUnescape(xml.substr(start, end - start)));
    pos = end + close.size();
  }
  return values;
}

std::string XmlValue(std::string_view xml, std::string_view tag) {
  auto values = XmlValues(xml, tag);
  return values.empty() ? std::string() : values.front();
}

base::Result<ListPage> ParseListResponse(std::string_view xml) {
  if (xml.find("<ListBucketResult") == std::string_view::npos) {
    return base::Error(base::ErrorCode::kDataLoss, "not a ListObjectsV2 answer");
  }
  ListPage page;
  size_t pos = 0;
  while ((pos = xml.find("<Contents>", pos)) != std::string_view::npos) {
    const size_t end = xml.find("</Contents>", pos);
    if (end == std::string_view::npos) {
      return base::Error(base::ErrorCode::kDataLoss, "truncated ListObjectsV2 answer");
    }
    const std::string_view entry = xml.substr(pos, end - pos);
    ObjectInfo info;
    info.key = XmlValue(entry, "Key");
    info.size = base::ParseInt(XmlValue(entry, "Size")).value_or(0);
    page.objects.push_back(std::move(info));
    pos = end;
  }
  if (XmlValue(xml, "IsTruncated") == "true") {
    page.next_token = XmlValue(xml, "NextContinuationToken");
    if (page.next_token.empty()) {
      return base::Error(base::ErrorCode::kDataLoss, "truncated listing without a token");
    }
  }
  return page;
}

std::string DeleteRequestBody(const std::vector<std::string>& keys) {
  std::string body = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  body += R"(<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>)";
  for (const std::string& key : keys) {
    body += "<Object><Key>" + base::XmlEscape(key) + "</Key></Object>";
  }
  body += "</Delete>";
  return body;
}

std::vector<std::string> ParseDeleteErrors(std::string_view xml) {
  std::vector<std::string> failed;
  for (const std::string& error : XmlValues(xml, "Error")) {
    failed.push_back(XmlValue(error, "Key"));
  }
  return failed;
}

base::Error ErrorFromResponse(int status, std::string_view body, std::string_view bucket,
                              std::string_view what) {
  const std::string code = XmlValue(body, "Code");
  const std::string detail = "HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code);
  const std::string b(bucket);
  if (status == 401 || status == 403) {
    return base::Error(base::ErrorCode::kPermissionDenied,
                       std::string(what) + ": access to bucket " + b + " denied (" + detail +
                           "); check R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY");
  }
  if (status == 404 && (code == "NoSuchBucket" || code.empty())) {
    return base::Error(base::ErrorCode::kNotFound,
                       std::string(what) + ": bucket " + b + " does not exist (" + detail + ")");
  }
  if (status == 404) {
    return base::Error(base::ErrorCode::kNotFound,
                       std::string(what) + ": not found in bucket " + b + " (" + detail + ")");
  }
  if (status >= 500 || status == 429) {
    return base::Error(base::ErrorCode::kUnavailable,
                       std::string(what) + ": bucket " + b + " answered " + detail);
  }
  return base::Error(base::ErrorCode::kInvalidArgument,
                     std::string(what) + ": bucket " + b + " refused the request (" + detail + ")");
}

bool IsRetryableStatus(int status) {
  return status >= 500 || status == 429;
}

}  // namespace wpp::objectstore::s3
