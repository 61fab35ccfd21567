// A small, fast XML scanner for the flat documents WebDAV answers with
// (PROPFIND multistatus). It checks tag nesting, skips declarations,
// comments and processing instructions, reads CDATA, decodes the five
// predefined entities and character references, and reports elements by
// local name (prefix dropped). It does not validate everything an XML
// parser would (attribute syntax, DTDs): expat stays in use where that
// matters. Pure; safe on arbitrary bytes.

#pragma once

#include <string_view>

#include "base/result.h"

namespace wpp::wporg {

class XmlEvents {
 public:
  virtual ~XmlEvents() = default;
  // An element opens. Returns whether its text is wanted.
  virtual bool Start(std::string_view local_name) = 0;
  // An element closes; `text` is its decoded character data if it was
  // wanted and had no child elements, else empty.
  virtual void End(std::string_view local_name, std::string_view text) = 0;
};

// Errors: kDataLoss for unterminated markup, a closing tag that does not
// match the open one, or elements left open at the end.
base::Status ScanXml(std::string_view xml, XmlEvents& events);

}  // namespace wpp::wporg
