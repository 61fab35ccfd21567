#include "composer/minifier.h"

#include "composer/json_writer.h"

namespace wpp::composer {
namespace {

void AppendMember(std::string_view key, std::string_view json, bool* first, std::string* out) {
  if (!*first) {
    out->push_back(',');
  }
  *first = false;
  AppendJsonString(key, out);
  out->push_back(':');
  out->append(json);
}

}  // namespace

void AppendEntry(const Entry& entry, std::string* out) {
  out->push_back('{');
  bool first = true;
  for (const Field& field : entry) {
    AppendMember(field.key, field.json, &first, out);
  }
  out->push_back('}');
}

void AppendEntryDiff(const Entry& previous, const Entry& current, std::string* out) {
  static const std::string unset = JsonString(kUnset);
  out->push_back('{');
  bool first = true;
  size_t p = 0;
  size_t c = 0;
  // Both lists are sorted by key: walk them together so the diff's keys come
  // out sorted too.
  while (p < previous.size() || c < current.size()) {
    if (c == current.size() || (p < previous.size() && previous[p].key < current[c].key)) {
      AppendMember(previous[p].key, unset, &first, out);
      ++p;
    } else if (p == previous.size() || current[c].key < previous[p].key) {
      AppendMember(current[c].key, current[c].json, &first, out);
      ++c;
    } else {
      // Fields shared by a whole package view the same bytes: skip the compare.
      const bool same = previous[p].json.data() == current[c].json.data() &&
                        previous[p].json.size() == current[c].json.size();
      if (!same && previous[p].json != current[c].json) {
        AppendMember(current[c].key, current[c].json, &first, out);
      }
      ++p;
      ++c;
    }
  }
  out->push_back('}');
}

void AppendMinifiedP2(std::string_view name, std::span<const Entry> entries,
                      std::string_view advisories, std::string* out) {
  out->append(R"({"minified":"composer/2.0","packages":{)");
  AppendJsonString(name, out);
  out->append(":[");
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i == 0) {
      AppendEntry(entries[i], out);
    } else {
      out->push_back(',');
      AppendEntryDiff(entries[i - 1], entries[i], out);
    }
  }
  out->append("]},\"security-advisories\":[");
  out->append(advisories);
  out->append("]}");
}

}  // namespace wpp::composer
