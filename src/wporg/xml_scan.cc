#include "wporg/xml_scan.h"

#include <cstdint>
#include <string>
#include <vector>

#include "base/text.h"

namespace wpp::wporg {
namespace {

using base::Error;
using base::ErrorCode;

std::string_view Local(std::string_view name) {
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Decodes one "&…;" reference at text[i]; returns the bytes used (0: none).
size_t DecodeReference(std::string_view text, size_t i, std::string* out) {
  const size_t semi = text.find(';', i);
  if (semi == std::string_view::npos || semi - i > 12) {
    return 0;
  }
  const std::string_view name = text.substr(i + 1, semi - i - 1);
  static constexpr std::pair<std::string_view, char> kNamed[] = {
      {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
  for (const auto& [entity, c] : kNamed) {
    if (name == entity) {
      out->push_back(c);
      return semi - i + 1;
    }
  }
  if (name.size() < 2 || name[0] != '#') {
    return 0;
  }
  const bool hex = name[1] == 'x';
  uint32_t cp = 0;
  for (const char c : name.substr(hex ? 2 : 1)) {
    const int d = hex ? base::HexDigitValue(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
    if (d < 0 || cp > 0x10FFFF) {
      return 0;
    }
    cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
  }
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = 0xFFFD;
  }
  base::AppendUtf8(cp, out);
  return semi - i + 1;
}

void AppendText(std::string_view raw, std::string* out) {
  for (size_t i = 0; i < raw.size();) {
    const size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) {
      out->append(raw.substr(i));
      return;
    }
    out->append(raw.substr(i, amp - i));
    const size_t used = DecodeReference(raw, amp, out);
    if (used == 0) {
      out->push_back('&');
      i = amp + 1;
    } else {
      i = amp + used;
    }
  }
}

// The end of the tag starting at xml[lt] ('>' outside quoted values).
size_t TagEnd(std::string_view xml, size_t lt) {
  char quote = 0;
  for (size_t i = lt + 1; i < xml.size(); ++i) {
    const char c = xml[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

class Scanner {
 public:
  Scanner(std::string_view xml, XmlEvents& events) : xml_(xml), events_(events) {}

  base::Status Run() {
    size_t pos = 0;
    while (pos < xml_.size()) {
      const size_t lt = xml_.find('<', pos);
      if (lt == std::string_view::npos) {
        break;
      }
      if (capture_) {
        AppendText(xml_.substr(pos, lt - pos), &text_);
      }
      WPP_ASSIGN_OR_RETURN(pos, Markup(lt));
    }
    if (!open_.empty()) {
      return Fail("unclosed element <" + std::string(open_.back()) + ">");
    }
    return base::Status::Ok();
  }

 private:
  Error Fail(const std::string& what) const { return Error(ErrorCode::kDataLoss, "XML: " + what); }

  // Skips to the end of a construct opened at xml_[lt] and closed by `close`.
  base::Result<size_t> Skip(size_t lt, std::string_view close) {
    const size_t end = xml_.find(close, lt);
    if (end == std::string_view::npos) {
      return Fail("unterminated markup");
    }
    return end + close.size();
  }

  base::Result<size_t> Markup(size_t lt) {
    const std::string_view rest = xml_.substr(lt);
    if (rest.starts_with("<?")) {
      return Skip(lt, "?>");
    }
    if (rest.starts_with("<!--")) {
      return Skip(lt, "-->");
    }
    if (rest.starts_with("<![CDATA[")) {
      WPP_ASSIGN_OR_RETURN(const size_t end, Skip(lt, "]]>"));
      if (capture_) {
        text_.append(xml_.substr(lt + 9, end - 3 - lt - 9));
      }
      return end;
    }
    const size_t gt = TagEnd(xml_, lt);
    if (gt == std::string_view::npos) {
      return Fail("unterminated tag");
    }
    if (rest.starts_with("<!")) {
      return gt + 1;  // A DOCTYPE (without an internal subset).
    }
    WPP_RETURN_IF_ERROR(rest.starts_with("</") ? Close(lt, gt) : Open(lt, gt));
    return gt + 1;
  }

  base::Status Open(size_t lt, size_t gt) {
    const bool self_closing = gt > lt + 1 && xml_[gt - 1] == '/';
    size_t end = lt + 1;
    while (end < gt && !IsSpace(xml_[end]) && xml_[end] != '/') {
      ++end;
    }
    const std::string_view name = xml_.substr(lt + 1, end - lt - 1);
    if (name.empty()) {
      return Fail("empty tag name");
    }
    const bool wanted = events_.Start(Local(name));
    text_.clear();
    if (self_closing) {
      events_.End(Local(name), {});
      capture_ = false;
      return base::Status::Ok();
    }
    open_.push_back(name);
    capture_ = wanted;
    return base::Status::Ok();
  }

  base::Status Close(size_t lt, size_t gt) {
    std::string_view name = xml_.substr(lt + 2, gt - lt - 2);
    while (!name.empty() && IsSpace(name.back())) {
      name.remove_suffix(1);
    }
    if (open_.empty() || open_.back() != name) {
      return Fail("unexpected </" + std::string(name) + ">");
    }
    open_.pop_back();
    const std::string_view text = capture_ ? std::string_view(text_) : std::string_view{};
    events_.End(Local(name), text);
    text_.clear();
    capture_ = false;
    return base::Status::Ok();
  }

  const std::string_view xml_;
  XmlEvents& events_;
  std::vector<std::string_view> open_;  // Names of open elements, views into xml_.
  std::string text_;
  bool capture_ = false;
};

}  // namespace

base::Status ScanXml(std::string_view xml, XmlEvents& events) {
  return Scanner(xml, events).Run();
}

}  // namespace wpp::wporg
