// The pure parts of the S3 REST protocol: URL and canonical query building,
// XML request bodies and response parsing, and the mapping of S3 error
// answers to ErrorCodes. No I/O; exposed so that tests can pin each rule.
//
// libcurl (CURLOPT_AWS_SIGV4) signs the URL exactly as written, so the URLs
// built here are already in SigV4 canonical form: path segments and query
// parameters RFC 3986-encoded (only A-Z a-z 0-9 - _ . ~ left as is), query
// parameters sorted, and an empty value written as "k=".

#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "objectstore/object_store.h"

namespace wpp::objectstore::s3 {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=&c=x%2Fy": encoded, sorted by encoded name then value. Empty for no
// parameters.
std::string CanonicalQuery(const QueryParams& params);

struct Endpoint {
  std::string scheme{};     // "https"
  std::string authority{};  // "host" or "host:port"
  std::string base_path{};  // "" or "/prefix" (no trailing slash)
};

// Parses "https://host[:port][/path]". kInvalidArgument for anything else.
base::Result<Endpoint> ParseEndpoint(std::string_view url);

// The URL of `key` in `bucket` (key empty: the bucket itself), with `query`
// appended when not empty. Path-style puts the bucket in the path
// ("https://host/bucket/key"); virtual-hosted in the host name
// ("https://bucket.host/key").
std::string ObjectUrl(const Endpoint& endpoint, std::string_view bucket, bool path_style,
                      std::string_view key, std::string_view query = {});

// Text of every <tag>…</tag> in `xml`, entities decoded, in document order.
std::vector<std::string> XmlValues(std::string_view xml, std::string_view tag);
// The first value of <tag>, or empty.
std::string XmlValue(std::string_view xml, std::string_view tag);

struct ListPage {
  std::vector<ObjectInfo> objects{};
  std::string next_token{};  // Empty on the last page.
};
// Parses a ListObjectsV2 answer. kDataLoss when it is not one.
base::Result<ListPage> ParseListResponse(std::string_view xml);

// The body of a quiet DeleteObjects request.
std::string DeleteRequestBody(const std::vector<std::string>& keys);
// Keys reported in <Error> elements of a DeleteObjects answer.
std::vector<std::string> ParseDeleteErrors(std::string_view xml);

// Maps a non-2xx answer to an Error. `what` describes the operation
// ("PUT p2/x.json"); the message names the bucket and S3's error code, and
// never contains credentials.
base::Error ErrorFromResponse(int status, std::string_view body, std::string_view bucket,
                              std::string_view what);

// Whether an answer with this HTTP status is worth retrying (5xx, 429).
bool IsRetryableStatus(int status);

}  // namespace wpp::objectstore::s3
