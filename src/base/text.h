// Text encodings shared by every domain: UTF-8 encoding of a code point,
// percent-encoding and -decoding (RFC 3986 and HTML forms), and XML/HTML
// escaping. Each is written once here so that the S3 signer, the
// WordPress.org client and the fake WordPress.org agree byte for byte.

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wpp::base {

// The value of one hex digit (either case), or -1.
int HexDigitValue(char c);

// Appends `code_point` encoded as UTF-8 (1 to 4 bytes; U+0000 is one NUL
// byte). Surrogates (U+D800–U+DFFF) and values above U+10FFFF are not
// characters: U+FFFD is appended instead, so the output stays valid UTF-8.
void AppendUtf8(uint32_t code_point, std::string* out);

// Percent-encodes every byte except the RFC 3986 unreserved characters
// A-Z a-z 0-9 - _ . ~, with upper-case hex digits ("é*" → "%C3%A9%2A").
// This is also the SigV4 canonical form of a query name or value.
std::string PercentEncode(std::string_view s);
// PercentEncode that also keeps '/': a URL path, or a SigV4 object key.
std::string PercentEncodePath(std::string_view s);
// The application/x-www-form-urlencoded flavour: like PercentEncode, but a
// space becomes '+' ("a b+c" → "a+b%2Bc").
std::string FormEncode(std::string_view s);

// Decodes each "%XX" (two hex digits, either case) into its byte; "%00"
// gives a NUL byte. An invalid escape ("%zz", a truncated "%4" or a lone
// '%') is not an error: it is copied as it is. No UTF-8 check is made on
// the decoded bytes.
std::string PercentDecode(std::string_view s);
// PercentDecode for application/x-www-form-urlencoded text: '+' is also a
// space ("%2B" stays a literal '+').
std::string FormDecode(std::string_view s);

// Escapes & < > " ' as &amp; &lt; &gt; &quot; &apos;: safe in XML text and
// in attributes quoted either way.
std::string XmlEscape(std::string_view s);
// Escapes & < > " only, leaving apostrophes as they are: for XML text and
// double-quoted attributes.
std::string XmlEscapeKeepApostrophe(std::string_view s);
// Escapes & < > " ' as &amp; &lt; &gt; &quot; &#39; (HTML 4 has no &apos;):
// safe in HTML text and attributes quoted either way.
std::string HtmlEscape(std::string_view s);

}  // namespace wpp::base
