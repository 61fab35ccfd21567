#include "packages/versions_json.h"

#include "base/hash.h"

namespace wpp::packages {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t len = 0;
  uint32_t cp = 0;
  uint32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) {
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

void AppendAscii(char c, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      *out += "\\\"";
      return;
    case '\\':
      *out += "\\\\";
      return;
    case '\n':
      *out += "\\n";
      return;
    case '\r':
      *out += "\\r";
      return;
    case '\t':
      *out += "\\t";
      return;
    case '\b':
      *out += "\\b";
      return;
    case '\f':
      *out += "\\f";
      return;
    case '<':
      *out += "\\u003c";
      return;
    case '>':
      *out += "\\u003e";
      return;
    case '&':
      *out += "\\u0026";
      return;
    default:
      break;
  }
  if (static_cast<unsigned char>(c) < 0x20) {
    *out += "\\u00";
    *out += kHex[(c >> 4) & 0xF];
    *out += kHex[c & 0xF];
  } else {
    out->push_back(c);
  }
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      AppendAscii(s[i], out);
      ++i;
      continue;
    }
    const size_t len = Utf8Length(s, i);
    if (len == 0) {
      *out += "\\ufffd";
      ++i;
    } else if (len == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
      *out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 3;
    } else {
      out->append(s.substr(i, len));
      i += len;
    }
  }
  out->push_back('"');
}

std::string CanonicalVersionsJson(const std::map<std::string, std::string>& versions) {
  std::string out = "{";
  for (const auto& [version, url] : versions) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    AppendJsonString(version, &out);
    out.push_back(':');
    AppendJsonString(url, &out);
  }
  out.push_back('}');
  return out;
}

std::string ContentHash(std::string_view versions_json, std::optional<int64_t> trunk_revision) {
  if (!trunk_revision) {
    return base::Sha256Hex(versions_json);
  }
  std::string data(versions_json);
  data += std::to_string(*trunk_revision);
  return base::Sha256Hex(data);
}

}  // namespace wpp::packages
