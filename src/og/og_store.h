// OgStore: the one writer of `og_images` (migrations/007_og_images.sql), and
// the reads of `packages` that decide which cards to draw
// (docs/behaviour.md §15.3).

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/package_type.h"
#include "base/result.h"
#include "db/database.h"
#include "og/card.h"

namespace wpp::og {

// An active package whose card may need drawing.
struct Candidate {
  int64_t package_id = 0;
  Card card{};
  bool has_image = false;         // A row exists in og_images.
  int64_t previous_composer = 0;  // og_images.composer_installs when has_image.
};

// One image written (or, with `drawn` false, one skipped whose new count
// formats the same).
struct Generated {
  int64_t package_id = 0;
  std::string key{};
  int64_t active_installs = 0;
  int64_t composer_installs = 0;
  bool drawn = true;
};

class OgStore {
 public:
  explicit OgStore(db::Database& db) : db_(db) {}

  // Active packages with no image yet, or whose composer install count
  // changed since the last comparison; every active package when `force`;
  // with `only`, just that package (whatever its state), if active. Ordered
  // by WordPress.org active installs, most first.
  base::Result<std::vector<Candidate>> Pending(
      bool force, const std::optional<std::pair<base::PackageType, std::string>>& only);

  // Records `done` in one transaction at time `now` (RFC 3339). A skipped
  // entry only updates the composer count it was compared with.
  base::Status Record(const std::vector<Generated>& done, const std::string& now);

  // The default image's fingerprint, or empty when it was never written.
  base::Result<std::string> DefaultFingerprint();
  base::Status RecordDefault(const std::string& fingerprint, const std::string& now);

  // Whether a card exists for the package (for the pages' og:image: the
  // default image otherwise).
  base::Result<bool> HasImage(base::PackageType type, const std::string& slug);

 private:
  db::Database& db_;
};

}  // namespace wpp::og
