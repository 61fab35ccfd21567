#include "zip_writer.h"

#include <time.h>
#include <zlib.h>

namespace wpp::fakewporg {
namespace {

void Put16(std::string& out, uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}

void Put32(std::string& out, uint32_t v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}

struct DosTime {
  uint32_t time = 0;
  uint32_t date = 0;
};

DosTime ToDos(int64_t ms) {
  const time_t seconds = static_cast<time_t>(ms / 1000);
  struct tm t {};
  gmtime_r(&seconds, &t);
  if (t.tm_year < 80) {  // Zip dates start in 1980.
    return DosTime{.time = 0, .date = (1U << 5) | 1U};
  }
  return DosTime{
      .time = static_cast<uint32_t>((t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec / 2)),
      .date = static_cast<uint32_t>(((t.tm_year - 80) << 9) | ((t.tm_mon + 1) << 5) | t.tm_mday)};
}

// The fields local and central headers share, from "version needed" on.
void PutCommon(std::string& out, const ZipEntry& e, uint32_t crc, DosTime dos) {
  Put16(out, e.name.back() == '/' ? 20 : 10);  // Version needed.
  Put16(out, 0x0800);                          // Names are UTF-8.
  Put16(out, 0);                               // Stored.
  Put16(out, dos.time);
  Put16(out, dos.date);
  Put32(out, crc);
  Put32(out, static_cast<uint32_t>(e.data.size()));
  Put32(out, static_cast<uint32_t>(e.data.size()));
  Put16(out, static_cast<uint32_t>(e.name.size()));
  Put16(out, 0);  // Extra field length.
}

std::string PlainAuthor(const std::string& html) {
  std::string out;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') {
      in_tag = true;
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string BuildZip(const std::vector<ZipEntry>& entries, int64_t mtime_ms) {
  const DosTime dos = ToDos(mtime_ms);
  std::string out;
  std::string central;
  for (const ZipEntry& e : entries) {
    const auto crc = static_cast<uint32_t>(
        crc32(0L, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size())));
    const auto offset = static_cast<uint32_t>(out.size());
    Put32(out, 0x04034b50);
    PutCommon(out, e, crc, dos);
    out += e.name;
    out += e.data;
    Put32(central, 0x02014b50);
    Put16(central, (3U << 8) | 20U);  // Made by: Unix, zip 2.0.
    PutCommon(central, e, crc, dos);
    Put16(central, 0);  // Comment length.
    Put16(central, 0);  // Disk number.
    Put16(central, 0);  // Internal attributes.
    const uint32_t mode = e.name.back() == '/' ? 040755U : 0100644U;
    Put32(central, (mode << 16) | (e.name.back() == '/' ? 0x10U : 0U));
    Put32(central, offset);
    central += e.name;
  }
  const auto central_offset = static_cast<uint32_t>(out.size());
  out += central;
  Put32(out, 0x06054b50);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put32(out, static_cast<uint32_t>(central.size()));
  Put32(out, central_offset);
  Put16(out, 0);  // Comment length.
  return out;
}

std::string PackageZip(const Package& p, std::string_view version, int64_t mtime_ms) {
  const std::string v = version.empty() ? p.version : std::string(version);
  const std::string dir = p.slug + "/";
  std::vector<ZipEntry> entries;
  entries.push_back(ZipEntry{.name = dir, .data = ""});
  if (p.type == RepoType::kPlugin) {
    entries.push_back(ZipEntry{
        .name = dir + p.slug + ".php",
        .data = "<?php\n/**\n * Plugin Name: " + p.name + "\n * Plugin URI: " + p.homepage +
                "\n * Description: " + p.short_description + "\n * Version: " + v +
                "\n * Author: " + PlainAuthor(p.author) +
                "\n * License: GPLv2 or later\n * Text Domain: " + p.slug +
                "\n */\n\ndefined( 'ABSPATH' ) || exit;\n"});
    entries.push_back(ZipEntry{.name = dir + "readme.txt",
                               .data = "=== " + p.name + " ===\nStable tag: " + p.version +
                                       "\nLicense: GPLv2 or later\n\n" + p.short_description +
                                       "\n"});
  } else {
    entries.push_back(ZipEntry{
        .name = dir + "style.css",
        .data = "/*\nTheme Name: " + p.name + "\nAuthor: " + PlainAuthor(p.author) + "\nVersion: " +
                v + "\nLicense: GPLv2 or later\nText Domain: " + p.slug + "\n*/\n"});
    entries.push_back(ZipEntry{.name = dir + "index.php", .data = "<?php\n// Silence.\n"});
  }
  return BuildZip(entries, mtime_ms);
}

}  // namespace wpp::fakewporg
