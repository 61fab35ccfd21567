#include "repository/build_index.h"

#include <xxhash.h>

#include <algorithm>
#include <array>

#include "composer/json_writer.h"
#include "repository/build_dir.h"
#include "repository/internal/json_read.h"

namespace wpp::repository {
namespace {

using base::Error;
using base::ErrorCode;

constexpr char kHex[] = "0123456789abcdef";

// Lowercase hex digit → value; 0xFF for anything else. Indexes are parsed
// by every build and deploy: a table keeps it a few loads per digit.
constexpr std::array<uint8_t, 256> kHexDigits = [] {
  std::array<uint8_t, 256> table{};
  table.fill(0xFF);
  for (int i = 0; i < 10; ++i) {
    table[static_cast<size_t>('0' + i)] = static_cast<uint8_t>(i);
  }
  for (int i = 0; i < 6; ++i) {
    table[static_cast<size_t>('a' + i)] = static_cast<uint8_t>(10 + i);
  }
  return table;
}();

bool ParseHex64(std::string_view hex, uint64_t* out) {
  uint64_t value = 0;
  uint8_t bad = 0;
  for (char c : hex) {
    const uint8_t digit = kHexDigits[static_cast<unsigned char>(c)];
    bad |= digit & 0xF0;
    value = (value << 4) | (digit & 0x0F);
  }
  *out = value;
  return bad == 0;
}

// "-" is no file; otherwise a hash. False when malformed.
bool ParseFileHash(std::string_view s, std::optional<Hash128>* out) {
  if (s == "-") {
    out->reset();
    return true;
  }
  *out = Hash128::FromHex(s);
  return out->has_value();
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
  const std::optional<Hash128> input = Hash128::FromHex(parts[1]);
  if (parts[0].empty() || !input || !ParseFileHash(parts[2], &out->second.main) ||
      !ParseFileHash(parts[3], &out->second.dev) || out->second.files() == 0) {
    return false;
  }
  out->first = std::string(parts[0]);
  out->second.input = *input;
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

std::string Hash128::Hex() const {
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    const uint64_t word = i < 8 ? high : low;
    const auto byte = static_cast<unsigned>((word >> (8 * (7 - i % 8))) & 0xFF);
    out[2 * static_cast<size_t>(i)] = kHex[byte >> 4];
    out[2 * static_cast<size_t>(i) + 1] = kHex[byte & 0xF];
  }
  return out;
}

std::optional<Hash128> Hash128::FromHex(std::string_view hex) {
  Hash128 h;
  if (hex.size() != 32 || !ParseHex64(hex.substr(0, 16), &h.high) ||
      !ParseHex64(hex.substr(16), &h.low)) {
    return std::nullopt;
  }
  return h;
}

Hash128 Hash128::Of(std::string_view bytes) {
  const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  return Hash128{h.high64, h.low64};
}

std::string RenderIndex(const std::vector<IndexLine>& lines) {
  std::string out;
  out.reserve(lines.size() * 100);
  for (const auto& [name, entry] : lines) {
    out.append(name).append("\t").append(entry.input.Hex()).append("\t");
    out.append(entry.main ? entry.main->Hex() : "-").append("\t");
    out.append(entry.dev ? entry.dev->Hex() : "-").append("\n");
  }
  return out;
}

std::optional<IndexLine> ParseIndexLine(std::string_view line) {
  IndexLine parsed;
  return ParseLine(line, &parsed) ? std::optional<IndexLine>(std::move(parsed)) : std::nullopt;
}

base::Result<BuildIndex> ReadIndex(const std::filesystem::path& path, io::FileSystem& file_system) {
  WPP_ASSIGN_OR_RETURN(const std::string text, ReadFile(path, file_system));
  return ParseIndex(text, path.string());
}

base::Result<BuildIndex> ParseIndex(std::string_view text, std::string_view what) {
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
                   std::string(what) + ": malformed line " + std::to_string(line_number));
    }
    index.insert_or_assign(std::move(parsed.first), parsed.second);
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

base::Result<ChangeList> ReadChanges(const std::filesystem::path& path,
                                     io::FileSystem& file_system) {
  WPP_ASSIGN_OR_RETURN(const std::string text, ReadFile(path, file_system));
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
