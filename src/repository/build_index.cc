#include "repository/build_index.h"

#include <algorithm>

#include "composer/json_writer.h"
#include "repository/build_dir.h"
#include "repository/internal/json_read.h"

namespace wpp::repository {
namespace {

using base::Error;
using base::ErrorCode;

bool IsHash(std::string_view s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Parses one index line; false when malformed.
bool ParseLine(std::string_view line, IndexLine* out) {
  std::string_view parts[4];
  for (int i = 0; i < 3; ++i) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      return false;
    }
    parts[i] = line.substr(0, tab);
    line.remove_prefix(tab + 1);
  }
  parts[3] = line;
  auto file_hash = [](std::string_view s) { return s == "-" || IsHash(s); };
  if (parts[0].empty() || !IsHash(parts[1]) || !file_hash(parts[2]) || !file_hash(parts[3]) ||
      (parts[2] == "-" && parts[3] == "-")) {
    return false;
  }
  out->first = std::string(parts[0]);
  out->second.input_hash = std::string(parts[1]);
  out->second.main_hash = parts[2] == "-" ? "" : std::string(parts[2]);
  out->second.dev_hash = parts[3] == "-" ? "" : std::string(parts[3]);
  return true;
}

void AppendNames(std::string_view key, const std::vector<std::string>& names, std::string* out) {
  composer::AppendJsonString(key, out);
  out->append(":[");
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      out->push_back(',');
    }
    composer::AppendJsonString(names[i], out);
  }
  out->push_back(']');
}

}  // namespace

std::string RenderIndex(const std::vector<IndexLine>& lines) {
  std::string out;
  out.reserve(lines.size() * 100);
  for (const auto& [name, entry] : lines) {
    out.append(name).append("\t").append(entry.input_hash).append("\t");
    out.append(entry.main() ? entry.main_hash : "-").append("\t");
    out.append(entry.dev() ? entry.dev_hash : "-").append("\n");
  }
  return out;
}

base::Result<BuildIndex> ReadIndex(const std::filesystem::path& path) {
  WPP_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  BuildIndex index;
  index.reserve(text.size() / 90 + 1);
  std::string_view rest = text;
  int line_number = 0;
  while (!rest.empty()) {
    ++line_number;
    const size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    IndexLine parsed;
    if (!ParseLine(line, &parsed)) {
      return Error(ErrorCode::kDataLoss,
                   path.string() + ": malformed line " + std::to_string(line_number));
    }
    index.insert_or_assign(std::move(parsed.first), std::move(parsed.second));
  }
  return index;
}

std::string RenderChanges(const ChangeList& changes) {
  std::string out = "{\"base_build\":";
  composer::AppendJsonString(changes.base_build, &out);
  out.push_back(',');
  AppendNames("delete", changes.deleted, &out);
  out.push_back(',');
  AppendNames("update", changes.updated, &out);
  out.push_back('}');
  return out;
}

base::Result<ChangeList> ReadChanges(const std::filesystem::path& path) {
  WPP_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  auto base = internal::StringMember(text, "base_build");
  auto updated = internal::StringArrayMember(text, "update");
  auto deleted = internal::StringArrayMember(text, "delete");
  if (!base || !updated || !deleted) {
    return Error(ErrorCode::kDataLoss, path.string() + ": not a change list");
  }
  return ChangeList{std::move(*base), std::move(*updated), std::move(*deleted)};
}

ChangeList DiffIndexes(const BuildIndex& from, const BuildIndex& to) {
  ChangeList changes;
  for (const auto& [name, entry] : to) {
    const auto it = from.find(name);
    if (it == from.end() || !it->second.SameFiles(entry)) {
      changes.updated.push_back(name);
    }
  }
  for (const auto& [name, entry] : from) {
    if (!to.contains(name)) {
      changes.deleted.push_back(name);
    }
  }
  std::sort(changes.updated.begin(), changes.updated.end());
  std::sort(changes.deleted.begin(), changes.deleted.end());
  return changes;
}

}  // namespace wpp::repository
