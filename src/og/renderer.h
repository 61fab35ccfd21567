// Renderer: draws the 1200 × 630 PNG cards of docs/behaviour.md §15.1 with
// cairo and pango. One Renderer holds one font map, one drawing surface and
// the text layouts, reused from image to image: give each worker thread its
// own (a Renderer is not thread-safe; separate Renderers are).

#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "og/card.h"

namespace wpp::og {

inline constexpr int kWidth = 1200;
inline constexpr int kHeight = 630;

class Renderer {
 public:
  explicit Renderer(Look look);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // The PNG bytes of a package's card. Errors: kInternal when cairo fails
  // (out of memory).
  base::Result<std::string> Package(const Card& card);
  // The PNG bytes of the site's default image (social/default.png).
  base::Result<std::string> Default();

  // Characters of the last card's title and description that no installed
  // font could draw (drawn as boxes). For tests and the fonts' check.
  int unknown_glyphs() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wpp::og
