// Shared by the seo tests: an XML well-formedness check.

#pragma once

#include <expat.h>

#include <string>

namespace wpp::seo {

// Empty when `xml` is well-formed, else expat's message.
inline std::string XmlError(const std::string& xml) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  const bool ok =
      XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), /*isFinal=*/1) == XML_STATUS_OK;
  std::string message = ok ? "" : XML_ErrorString(XML_GetErrorCode(parser));
  XML_ParserFree(parser);
  return message;
}

}  // namespace wpp::seo
