// The cards are checked by their properties, never pixel for pixel (glyphs
// change with the font packages): PNG size and format, nothing drawn
// outside the card's content box, colour where emoji are, and the title read
// back by OCR (Debian's tesseract-ocr).

#include "og/renderer.h"

#include <cairo.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "testutil/test_db.h"

namespace wpp::og {
namespace {

struct Pixels {
  cairo_surface_t* surface = nullptr;
  ~Pixels() {
    if (surface != nullptr) {
      cairo_surface_destroy(surface);
    }
  }
  int width() const { return cairo_image_surface_get_width(surface); }
  int height() const { return cairo_image_surface_get_height(surface); }
  uint32_t At(int x, int y) const {
    const unsigned char* row =
        cairo_image_surface_get_data(surface) + y * cairo_image_surface_get_stride(surface);
    uint32_t v = 0;
    std::memcpy(&v, row + 4 * x, 4);
    return v & 0xFFFFFF;
  }
};

struct Reader {
  std::string_view bytes;
  size_t at = 0;
};

cairo_status_t ReadPng(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<Reader*>(closure);
  if (r->at + length > r->bytes.size()) {
    return CAIRO_STATUS_READ_ERROR;
  }
  std::memcpy(data, r->bytes.data() + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

// Decodes `png`; fails the test when it is not a 1200 × 630 PNG. With
// OG_TEST_DUMP_DIR set, also writes it there to be looked at.
void Decode(const std::string& png, Pixels* out) {
  if (const char* dump = std::getenv("OG_TEST_DUMP_DIR"); dump != nullptr) {
    static int n = 0;
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::ofstream(std::string(dump) + "/" + test->name() + "-" + std::to_string(n++) + ".png",
                  std::ios::binary)
        << png;
  }
  ASSERT_GT(png.size(), 24u);
  ASSERT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  auto be32 = [&](size_t i) {
    return (uint32_t(uint8_t(png[i])) << 24) | (uint32_t(uint8_t(png[i + 1])) << 16) |
           (uint32_t(uint8_t(png[i + 2])) << 8) | uint32_t(uint8_t(png[i + 3]));
  };
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(be32(16), 1200u);
  EXPECT_EQ(be32(20), 630u);
  Reader reader{png};
  out->surface = cairo_image_surface_create_from_png_stream(ReadPng, &reader);
  ASSERT_EQ(cairo_surface_status(out->surface), CAIRO_STATUS_SUCCESS);
  ASSERT_EQ(out->width(), kWidth);
  ASSERT_EQ(out->height(), kHeight);
}

constexpr uint32_t kBackground = 0xf3f4f6;
constexpr uint32_t kWhite = 0xffffff;

// Pixels of `p` in [x0, x1) × [y0, y1) that are not `colour`.
int CountOther(const Pixels& p, int x0, int y0, int x1, int y1, uint32_t colour) {
  int n = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      n += p.At(x, y) != colour ? 1 : 0;
    }
  }
  return n;
}

int CountColourful(const Pixels& p, int x0, int y0, int x1, int y1) {
  int n = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const uint32_t v = p.At(x, y);
      const int r = int(v >> 16), g = int((v >> 8) & 255), b = int(v & 255);
      n += std::max({r, g, b}) - std::min({r, g, b}) > 60 ? 1 : 0;
    }
  }
  return n;
}

// Everything is drawn inside the white card, and text inside the content
// box (x 108 … 1092, a few pixels of glyph overhang allowed).
void ExpectWithinCard(const Pixels& p) {
  EXPECT_EQ(CountOther(p, 0, 0, 1200, 39, kBackground), 0) << "above the card";
  EXPECT_EQ(CountOther(p, 0, 592, 1200, 630, kBackground), 0) << "below the card";
  EXPECT_EQ(CountOther(p, 0, 0, 59, 630, kBackground), 0) << "left of the card";
  EXPECT_EQ(CountOther(p, 1142, 0, 1200, 630, kBackground), 0) << "right of the card";
  EXPECT_EQ(CountOther(p, 64, 62, 104, 570, kWhite), 0) << "left margin of the content";
  EXPECT_EQ(CountOther(p, 1096, 62, 1136, 570, kWhite), 0) << "right margin of the content";
}

// Decodes a rendered card into `p` and checks it stays within the card.
void DecodeWithinCard(const base::Result<std::string>& png, Pixels* p) {
  ASSERT_TRUE(png.ok()) << png.error().message();
  Decode(*png, p);
  ExpectWithinCard(*p);
}

Card Sample() {
  Card card;
  card.type = base::PackageType::kPlugin;
  card.slug = "hello-dolly";
  card.display_name = "Hello Dolly Reloaded";
  card.version = "1.7.2";
  card.description =
      "This is not just a plugin, it symbolizes the hope and enthusiasm of an entire generation "
      "summed up in two words sung most famously by Louis Armstrong.";
  card.active_installs = 350'000;
  card.composer_installs = 1234;
  return card;
}

Look TestLook() {
  Look look;
  look.site_name = "Example Packages";
  look.host = "repo.example.com";
  return look;
}

TEST(Renderer, PackageCardIsAPngWithinTheCard) {
  Renderer renderer(TestLook());
  Pixels p;
  DecodeWithinCard(renderer.Package(Sample()), &p);
  EXPECT_GT(CountOther(p, 108, 110, 700, 145, kWhite), 500) << "no title drawn";
  EXPECT_GT(CountOther(p, 108, 262, 1092, 380, kWhite), 2000) << "no description drawn";
  EXPECT_EQ(CountOther(p, 108, 392, 1092, 525, kWhite), 0) << "text below the description";
}

TEST(Renderer, HugeDescriptionStopsAtFourLines) {
  Card card = Sample();
  card.description.clear();
  while (card.description.size() < 100 * 1024) {
    card.description += "word another longer_word \n\t ";
  }
  Renderer renderer(TestLook());
  Pixels p;
  DecodeWithinCard(renderer.Package(card), &p);
  EXPECT_EQ(CountOther(p, 108, 392, 1092, 525, kWhite), 0) << "a fifth line was drawn";
}

TEST(Renderer, EmojiOnlyNameIsDrawnInColour) {
  Card card = Sample();
  card.display_name = "🚀🔥✨🎉";
  Renderer renderer(TestLook());
  Pixels p;
  DecodeWithinCard(renderer.Package(card), &p);
  // Colour glyphs, not grey boxes.
  EXPECT_GT(CountColourful(p, 108, 95, 700, 150), 300);
  EXPECT_EQ(renderer.unknown_glyphs(), 0);
}

TEST(Renderer, RightToLeftAndCjkNamesStayInside) {
  Renderer renderer(TestLook());
  for (const char* name : {"إضافة ووردبريس للنماذج والاتصال السريع", "עברית תוסף לוורדפרס",
                           "日本語のプラグイン 中文插件 한국어 플러그인",
                           "مزيج mixed עברית and English 🚀 with a very long tail that goes on "
                           "and on past the width of the card for sure"}) {
    Card card = Sample();
    card.display_name = name;
    card.description = std::string(name) + " " + name + " " + name;
    Pixels p;
    DecodeWithinCard(renderer.Package(card), &p);
    EXPECT_GT(CountOther(p, 108, 100, 1092, 145, kWhite), 500) << name;
    EXPECT_EQ(renderer.unknown_glyphs(), 0) << "drawn as boxes: " << name;
  }
}

TEST(Renderer, UnknownGlyphsAreCounted) {
  Card card = Sample();
  card.display_name = "\xF3\xB0\x80\x80";  // U+F0000, private use: no font has it.
  Renderer renderer(TestLook());
  ASSERT_TRUE(renderer.Package(card).ok());
  EXPECT_GT(renderer.unknown_glyphs(), 0);
}

TEST(Renderer, HostileTextIsPlainText) {
  Card card = Sample();
  card.display_name = "<b>not bold</b> & <span foreground=\"red\">x</span> \xff\xfe";
  card.version = std::string(500, '9');
  card.slug = std::string(300, 'a');
  card.description = std::string("\0\x01\x02", 3) + "<i>";
  Renderer renderer(TestLook());
  Pixels p;
  DecodeWithinCard(renderer.Package(card), &p);
  EXPECT_EQ(CountColourful(p, 108, 100, 1092, 150), 0) << "markup was interpreted";
}

TEST(Renderer, DefaultImage) {
  Renderer renderer(TestLook());
  Pixels p;
  DecodeWithinCard(renderer.Default(), &p);
  EXPECT_GT(CountColourful(p, 556, 218, 644, 306), 3000) << "no mark";
  EXPECT_GT(CountOther(p, 300, 315, 900, 360, kWhite), 500) << "no site name";
}

std::string Ocr(const std::string& png) {
  testutil::TempDir dir;
  const std::string path = dir.file("card.png");
  std::ofstream(path, std::ios::binary) << png;
  const std::string command = "tesseract '" + path + "' stdout 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return {};
  }
  std::string text;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    text.append(buffer, n);
  }
  pclose(pipe);
  return text;
}

TEST(Renderer, TitleIsReallyDrawn) {
  ASSERT_EQ(std::system("command -v tesseract > /dev/null"), 0)
      << "tesseract (Debian tesseract-ocr) is needed: scripts/setup.sh installs it";
  Renderer renderer(TestLook());
  auto png = renderer.Package(Sample());
  ASSERT_TRUE(png.ok());
  const std::string text = Ocr(*png);
  EXPECT_NE(text.find("Hello Dolly Reloaded"), std::string::npos) << text;
  EXPECT_NE(text.find("Example Packages"), std::string::npos) << text;
  EXPECT_NE(text.find("composer require wp-plugin/hello-dolly"), std::string::npos) << text;
  EXPECT_NE(text.find("350k active installs"), std::string::npos) << text;
}

}  // namespace
}  // namespace wpp::og
