#include "base/text.h"

namespace wpp::base {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// `keep` is one extra byte copied as is ('/' for paths, 0 for none);
// `space_as_plus` writes ' ' as '+'.
std::string Encode(std::string_view s, char keep, bool space_as_plus) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c) || (keep != 0 && ch == keep)) {
      out += ch;
    } else if (space_as_plus && ch == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kUpperHex[c >> 4];
      out += kUpperHex[c & 0xF];
    }
  }
  return out;
}

std::string Decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int high = HexDigitValue(s[i + 1]);
      const int low = HexDigitValue(s[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += plus_as_space && s[i] == '+' ? ' ' : s[i];
  }
  return out;
}

// Escapes & < > " always; ' as `apostrophe` when it is not null.
std::string Escape(std::string_view s, const char* apostrophe) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        if (apostrophe != nullptr) {
          out += apostrophe;
        } else {
          out += c;
        }
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    cp = 0xFFFD;
  }
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string PercentEncode(std::string_view s) {
  return Encode(s, 0, false);
}
std::string PercentEncodePath(std::string_view s) {
  return Encode(s, '/', false);
}
std::string FormEncode(std::string_view s) {
  return Encode(s, 0, true);
}

std::string PercentDecode(std::string_view s) {
  return Decode(s, false);
}
std::string FormDecode(std::string_view s) {
  return Decode(s, true);
}

std::string XmlEscape(std::string_view s) {
  return Escape(s, "&apos;");
}
std::string XmlEscapeKeepApostrophe(std::string_view s) {
  return Escape(s, nullptr);
}
std::string HtmlEscape(std::string_view s) {
  return Escape(s, "&#39;");
}

}  // namespace wpp::base
