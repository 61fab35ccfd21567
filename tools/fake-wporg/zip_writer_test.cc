#include "zip_writer.h"

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace wpp::fakewporg {
namespace {

uint32_t Read16(const std::string& s, size_t at) {
  return static_cast<uint8_t>(s[at]) | (static_cast<uint8_t>(s[at + 1]) << 8);
}
uint32_t Read32(const std::string& s, size_t at) {
  return Read16(s, at) | (Read16(s, at + 2) << 16);
}

struct Entry {
  std::string name;
  std::string data;
};

// Walks the central directory and checks each local entry's CRC-32.
std::vector<Entry> ReadZip(const std::string& zip) {
  const size_t eocd = zip.size() - 22;
  EXPECT_EQ(Read32(zip, eocd), 0x06054b50u);
  const uint32_t count = Read16(zip, eocd + 10);
  size_t at = Read32(zip, eocd + 16);
  std::vector<Entry> entries;
  for (uint32_t i = 0; i < count; ++i) {
    EXPECT_EQ(Read32(zip, at), 0x02014b50u);
    const uint32_t crc = Read32(zip, at + 16);
    const uint32_t size = Read32(zip, at + 24);
    const uint32_t name_len = Read16(zip, at + 28);
    const uint32_t local = Read32(zip, at + 42);
    EXPECT_EQ(Read32(zip, local), 0x04034b50u);
    Entry e{.name = zip.substr(at + 46, name_len),
            .data = zip.substr(local + 30 + Read16(zip, local + 26), size)};
    EXPECT_EQ(crc32(0L, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(size)),
              crc)
        << e.name;
    entries.push_back(std::move(e));
    at += 46 + name_len;
  }
  return entries;
}

Package Plugin() {
  Package p;
  p.type = RepoType::kPlugin;
  p.slug = "hello-fake";
  p.name = "Hello Fake";
  p.version = "1.2.3";
  p.author = "<a href=\"https://example.com/\">Ann</a>";
  return p;
}

TEST(ZipWriterTest, PluginZipHoldsTheMainFileWithAPluginHeader) {
  const std::vector<Entry> entries = ReadZip(PackageZip(Plugin(), "1.2.0", 1700000000000));

  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].name, "hello-fake/");
  EXPECT_EQ(entries[1].name, "hello-fake/hello-fake.php");
  EXPECT_NE(entries[1].data.find(" * Plugin Name: Hello Fake\n"), std::string::npos);
  EXPECT_NE(entries[1].data.find(" * Version: 1.2.0\n"), std::string::npos);
  EXPECT_NE(entries[1].data.find(" * Author: Ann\n"), std::string::npos);
}

TEST(ZipWriterTest, ThemeZipHoldsStyleCss) {
  Package p = Plugin();
  p.type = RepoType::kTheme;

  const std::vector<Entry> entries = ReadZip(PackageZip(p, "", 1700000000000));

  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].name, "hello-fake/style.css");
  EXPECT_NE(entries[1].data.find("Theme Name: Hello Fake\n"), std::string::npos);
  EXPECT_NE(entries[1].data.find("Version: 1.2.3\n"), std::string::npos);
}

TEST(ZipWriterTest, SameInputGivesTheSameBytes) {
  EXPECT_EQ(PackageZip(Plugin(), "1.0", 1700000000000), PackageZip(Plugin(), "1.0", 1700000000000));
  EXPECT_NE(PackageZip(Plugin(), "1.0", 1700000000000), PackageZip(Plugin(), "1.1", 1700000000000));
}

TEST(ZipWriterTest, UnzipAcceptsTheArchive) {
  if (std::system("unzip -v > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "unzip is not installed";
  }
  const auto path = std::filesystem::temp_directory_path() /
                    ("fake-wporg-zip-" + std::to_string(getpid()) + ".zip");
  std::ofstream(path, std::ios::binary) << PackageZip(Plugin(), "1.2.3", 1700000000000);

  const int status = std::system(("unzip -tq " + path.string() + " > /dev/null").c_str());

  std::filesystem::remove(path);
  EXPECT_EQ(status, 0);
}

}  // namespace
}  // namespace wpp::fakewporg
