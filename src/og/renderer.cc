// The cards of docs/behaviour.md §15.1 and §15.2, drawn with cairo and pango.
// Every text is set with pango_layout_set_text (plain text, never markup);
// fontconfig falls back to the installed fonts (Noto for other scripts, CJK
// and colour emoji) for what the house fonts lack.

#include "og/renderer.h"

#include <cairo.h>

#include <cmath>
#include <mutex>

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "base/package_type.h"
#include "og/png.h"

namespace wpp::og {
namespace {

struct Rgb {
  double r = 0;
  double g = 0;
  double b = 0;
};
constexpr Rgb Hex(uint32_t v) {
  return {((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0};
}
constexpr Rgb kBrand = Hex(0x525ddc);
constexpr Rgb kGray900 = Hex(0x111827);
constexpr Rgb kGray500 = Hex(0x6b7280);
constexpr Rgb kGray400 = Hex(0x9ca3af);
constexpr Rgb kGray200 = Hex(0xe5e7eb);
constexpr Rgb kGray100 = Hex(0xf3f4f6);
constexpr Rgb kWhite = Hex(0xffffff);

// The house fonts (Debian's fonts-inter and fonts-jetbrains-mono), with
// DejaVu when they are missing; fontconfig adds its fallbacks after these.
constexpr char kSans[] = "Inter,DejaVu Sans";
constexpr char kMono[] = "JetBrains Mono,DejaVu Sans Mono";

constexpr double kX = 108;  // Content left edge.
constexpr double kW = 984;  // Content width.
constexpr double kScale = PANGO_SCALE;

// Bounds on what a card lays out, whatever the database holds: more than
// fits is cut before pango sees it (docs/behaviour.md §15.1).
constexpr size_t kMaxTitleChars = 200;
constexpr size_t kMaxDescriptionChars = 1200;
constexpr size_t kMaxVersionChars = 40;
constexpr int kDescriptionLines = 4;

void SetColor(cairo_t* cr, Rgb c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void RoundedRect(cairo_t* cr, double x, double y, double w, double h, double r) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
  cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
  cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
}

PangoRectangle Logical(PangoLayout* layout) {
  PangoRectangle r{};
  pango_layout_get_extents(layout, nullptr, &r);
  return r;
}

double WidthOf(PangoLayout* layout) {
  return Logical(layout).width / kScale;
}

// Draws `layout` with its first baseline at y = `baseline`.
void ShowAtBaseline(cairo_t* cr, PangoLayout* layout, double x, double baseline) {
  cairo_move_to(cr, x, baseline - pango_layout_get_baseline(layout) / kScale);
  pango_cairo_show_layout(cr, layout);
}

// Draws `layout` with its logical box centred on y = `centre`.
void ShowCentredY(cairo_t* cr, PangoLayout* layout, double x, double centre) {
  const PangoRectangle r = Logical(layout);
  cairo_move_to(cr, x, centre - (r.y + r.height / 2.0) / kScale);
  pango_cairo_show_layout(cr, layout);
}

// A two-person outline, 18 px wide, centred on y = c.
void PeopleIcon(cairo_t* cr, double x, double c) {
  cairo_set_line_width(cr, 1.5);
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + 6, c - 3, 3, 0, 2 * M_PI);
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + 6, c + 7, 5.5, M_PI, 2 * M_PI);
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + 13, c - 4, 2.5, 0, 2 * M_PI);
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + 13.5, c + 4, 4.5, 1.2 * M_PI, 2 * M_PI);
  cairo_stroke(cr);
}

// A terminal window with a prompt, 16 × 14 px, centred on y = c.
void TerminalIcon(cairo_t* cr, double x, double c) {
  cairo_set_line_width(cr, 1.5);
  RoundedRect(cr, x + 0.75, c - 7, 16, 14, 2.5);
  cairo_move_to(cr, x + 4.5, c - 3);
  cairo_line_to(cr, x + 7.5, c);
  cairo_line_to(cr, x + 4.5, c + 3);
  cairo_move_to(cr, x + 9, c + 3);
  cairo_line_to(cr, x + 13, c + 3);
  cairo_stroke(cr);
}

// The site's mark: a brand-coloured tile with a package (an isometric box),
// `size` px square, centred on (cx, cy). Drawn, so no image file is needed.
void Mark(cairo_t* cr, double cx, double cy, double size) {
  SetColor(cr, kBrand);
  RoundedRect(cr, cx - size / 2, cy - size / 2, size, size, size * 0.22);
  cairo_fill(cr);
  const double r = size * 0.3;
  auto at = [&](double degrees) {
    const double a = degrees * M_PI / 180;
    return std::pair{cx + r * std::cos(a), cy + r * std::sin(a)};
  };
  SetColor(cr, kWhite);
  cairo_set_line_width(cr, size * 0.045);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (int i = 0; i <= 6; ++i) {
    const auto [x, y] = at(-90 + 60 * i);
    i == 0 ? cairo_move_to(cr, x, y) : cairo_line_to(cr, x, y);
  }
  cairo_close_path(cr);
  for (const double degrees : {90.0, 210.0, 330.0}) {
    const auto [x, y] = at(degrees);
    cairo_move_to(cr, cx, cy);
    cairo_line_to(cr, x, y);
  }
  cairo_stroke(cr);
}

}  // namespace

struct Renderer::Impl {
  explicit Impl(Look l) : look(std::move(l)) {
    // Fontconfig's configuration is loaded once, before workers create
    // their font maps at the same time.
    static std::once_flag fontconfig_loaded;
    std::call_once(fontconfig_loaded, [] { FcInit(); });
    surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight);
    cr = cairo_create(surface);
    font_map = pango_cairo_font_map_new();
    context = pango_font_map_create_context(font_map);
    pango_cairo_update_context(cr, context);
    pango_cairo_context_set_resolution(context, 72);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_FULL);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_ON);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);

    site = Make(kSans, PANGO_WEIGHT_BOLD, 18, kW);
    title = Make(kSans, PANGO_WEIGHT_BOLD, 34, kW);
    version = Make(kMono, PANGO_WEIGHT_NORMAL, 15, 400);
    badge = Make(kSans, PANGO_WEIGHT_MEDIUM, 13, 0);
    dollar = Make(kMono, PANGO_WEIGHT_MEDIUM, 15, 0);
    command = Make(kMono, PANGO_WEIGHT_NORMAL, 15, 924);
    description = Make(kSans, PANGO_WEIGHT_NORMAL, 19, kW);
    pango_layout_set_wrap(description, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_height(description, -kDescriptionLines);
    active = Make(kSans, PANGO_WEIGHT_NORMAL, 15, 230);
    composer = Make(kSans, PANGO_WEIGHT_NORMAL, 15, 300);
    host = Make(kSans, PANGO_WEIGHT_MEDIUM, 15, 400);
    big_name = Make(kSans, PANGO_WEIGHT_BOLD, 36, kW);
    tagline = Make(kSans, PANGO_WEIGHT_NORMAL, 18, kW);
    big_host = Make(kSans, PANGO_WEIGHT_MEDIUM, 17, kW);
    for (PangoLayout* centred : {big_name, tagline, big_host}) {
      pango_layout_set_alignment(centred, PANGO_ALIGN_CENTER);
    }
    Text(site, CardText(look.site_name, kMaxTitleChars));
    pango_layout_set_text(dollar, "$", -1);
    Text(host, CardText(look.host, kMaxTitleChars));
  }

  ~Impl() {
    for (PangoLayout* l : {site, title, version, badge, dollar, command, description, active,
                           composer, host, big_name, tagline, big_host}) {
      g_object_unref(l);
    }
    g_object_unref(context);
    g_object_unref(font_map);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }

  // A layout in `family`, `px` pixels high, one line cut with "…" at
  // `width` (0: unbounded).
  PangoLayout* Make(const char* family, PangoWeight weight, int px, double width) {
    PangoLayout* layout = pango_layout_new(context);
    PangoFontDescription* font = pango_font_description_from_string(family);
    pango_font_description_set_weight(font, weight);
    pango_font_description_set_absolute_size(font, px * kScale);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    if (width > 0) {
      pango_layout_set_width(layout, static_cast<int>(width * kScale));
      pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    }
    return layout;
  }

  void Background() {
    SetColor(cr, kGray100);
    cairo_paint(cr);
    RoundedRect(cr, 60.5, 40.5, 1079, 549, 20);
    SetColor(cr, kWhite);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 1);
    SetColor(cr, kGray200);
    cairo_stroke(cr);
  }

  void Text(PangoLayout* layout, std::string_view text) {
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
  }

  // The description: greedy word wrap, at most four lines 30 px apart, the
  // last ending in "…" when text remains.
  void Description(std::string_view text) {
    Text(description, text);
    SetColor(cr, kGray500);
    PangoLayoutIter* it = pango_layout_get_iter(description);
    int line = 0;
    do {
      PangoRectangle logical{};
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      cairo_move_to(cr, kX + logical.x / kScale, 282 + 30 * line);
      pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
      ++line;
    } while (line < kDescriptionLines && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
  }

  base::Result<std::string> Png() {
    cairo_surface_flush(surface);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
      return base::Error(base::ErrorCode::kInternal, std::string("drawing failed: ") +
                                                         cairo_status_to_string(cairo_status(cr)));
    }
    std::string png = EncodePng(cairo_image_surface_get_data(surface), kWidth, kHeight,
                                cairo_image_surface_get_stride(surface));
    if (png.empty()) {
      return base::Error(base::ErrorCode::kInternal, "PNG encoding failed");
    }
    return png;
  }

  base::Result<std::string> Package(const Card& card) {
    Background();
    SetColor(cr, kBrand);
    ShowAtBaseline(cr, site, kX, 92);

    const std::string name = CardText(card.display_name, kMaxTitleChars);
    Text(title, name.empty() ? CardText(card.slug, kMaxTitleChars) : name);
    SetColor(cr, kGray900);
    ShowAtBaseline(cr, title, kX, 136);

    double badge_x = kX;
    const std::string v = CardText(card.version, kMaxVersionChars);
    if (!v.empty()) {
      Text(version, "v" + v);
      SetColor(cr, kGray500);
      ShowCentredY(cr, version, kX, 178);
      badge_x = kX + WidthOf(version) + 10;
    }
    Text(badge, base::TypeName(card.type));
    RoundedRect(cr, badge_x, 178 - 11, WidthOf(badge) + 16, 22, 5);
    SetColor(cr, kGray100);
    cairo_fill(cr);
    SetColor(cr, kGray500);
    ShowCentredY(cr, badge, badge_x + 8, 178);

    RoundedRect(cr, kX, 204, kW, 40, 8);
    SetColor(cr, kGray100);
    cairo_fill(cr);
    SetColor(cr, kGray400);
    ShowCentredY(cr, dollar, kX + 14, 224);
    Text(command,
         "composer require " + base::ComposerName(card.type, CardText(card.slug, kMaxTitleChars)));
    SetColor(cr, kGray500);
    ShowCentredY(cr, command, kX + 32, 224);

    Description(CardText(card.description, kMaxDescriptionChars));
    unknown_glyphs = pango_layout_get_unknown_glyphs_count(title) +
                     pango_layout_get_unknown_glyphs_count(description);

    SetColor(cr, kGray200);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, kX, 530.5);
    cairo_line_to(cr, kX + kW, 530.5);
    cairo_stroke(cr);

    SetColor(cr, kGray400);
    PeopleIcon(cr, kX, 560);
    Text(active, FormatCount(card.active_installs) + " active installs");
    ShowCentredY(cr, active, kX + 22, 560);
    TerminalIcon(cr, kX + 260, 560);
    Text(composer, FormatCount(card.composer_installs) + " composer installs");
    ShowCentredY(cr, composer, kX + 282, 560);
    if (!look.host.empty()) {
      SetColor(cr, kBrand);
      ShowCentredY(cr, host, kX + kW - WidthOf(host), 560);
    }
    return Png();
  }

  base::Result<std::string> Default() {
    Background();
    Mark(cr, 600, 262, 88);  // Centre above the name, with room between them.
    Text(big_name, CardText(look.site_name, kMaxTitleChars));
    SetColor(cr, kGray900);
    ShowAtBaseline(cr, big_name, kX, 351);
    Text(tagline, CardText(look.tagline, kMaxTitleChars));
    SetColor(cr, kGray500);
    ShowAtBaseline(cr, tagline, kX, 387);
    if (!look.host.empty()) {
      Text(big_host, CardText(look.host, kMaxTitleChars));
      SetColor(cr, kBrand);
      ShowAtBaseline(cr, big_host, kX, 546);
    }
    return Png();
  }

  const Look look;
  int unknown_glyphs = 0;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  PangoFontMap* font_map = nullptr;
  PangoContext* context = nullptr;
  PangoLayout* site = nullptr;
  PangoLayout* title = nullptr;
  PangoLayout* version = nullptr;
  PangoLayout* badge = nullptr;
  PangoLayout* dollar = nullptr;
  PangoLayout* command = nullptr;
  PangoLayout* description = nullptr;
  PangoLayout* active = nullptr;
  PangoLayout* composer = nullptr;
  PangoLayout* host = nullptr;
  PangoLayout* big_name = nullptr;
  PangoLayout* tagline = nullptr;
  PangoLayout* big_host = nullptr;
};

Renderer::Renderer(Look look) : impl_(std::make_unique<Impl>(std::move(look))) {}
Renderer::~Renderer() = default;

base::Result<std::string> Renderer::Package(const Card& card) {
  return impl_->Package(card);
}

base::Result<std::string> Renderer::Default() {
  return impl_->Default();
}

int Renderer::unknown_glyphs() const {
  return impl_->unknown_glyphs;
}

}  // namespace wpp::og
