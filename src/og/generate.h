// `generate-og` (docs/behaviour.md §15.3): draws the cards that changed on a
// pool of workers (one Renderer each), stores them through an ImageSink and
// records them in og_images.

#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "objectstore/object_store.h"
#include "og/card.h"

namespace wpp::og {

// Where images go. Thread-safe: workers write at once.
class ImageSink {
 public:
  virtual ~ImageSink() = default;
  // Stores `png` under `key` so that readers see the old bytes or the new
  // ones, never a part.
  virtual base::Status Write(const std::string& key, std::string_view png) = 0;
  // Whether `key` is stored (a local file that vanished is drawn again).
  virtual bool Exists(const std::string& key) = 0;
};

// Files under `dir` (storage/og): written to a temporary file in the same
// folder, then renamed over the key's file, mode 0644.
class LocalImageDir : public ImageSink {
 public:
  explicit LocalImageDir(std::filesystem::path dir) : dir_(std::move(dir)) {}
  base::Status Write(const std::string& key, std::string_view png) override;
  bool Exists(const std::string& key) override;

 private:
  const std::filesystem::path dir_;
};

// The CDN bucket: image/png, "public, max-age=86400".
class BucketImageSink : public ImageSink {
 public:
  explicit BucketImageSink(objectstore::ObjectStore& store) : store_(store) {}
  base::Status Write(const std::string& key, std::string_view png) override;
  bool Exists(const std::string& key) override;

 private:
  objectstore::ObjectStore& store_;
};

inline constexpr char kImageCacheControl[] = "public, max-age=86400";

struct GenerateOptions {
  Look look{};
  bool force = false;                       // Draw every active package again.
  std::string package{};                    // "wp-plugin/<slug>": draw just this one.
  int workers = 0;                          // <= 0: one per CPU.
  const std::atomic<bool>* stop = nullptr;  // Raised: stop between images.
};

struct GenerateResult {
  int64_t generated = 0;  // Cards drawn and stored.
  int64_t skipped = 0;    // Composer count changed, its format did not.
  int64_t errors = 0;     // Drawing or storing failed (logged each).
  bool default_written = false;
  bool interrupted = false;
};

// Draws social/default.png when the look changed, its file is missing, or
// `force`; true when it was written. `generate-og` and `serve` (at start,
// for the local folder) call it.
base::Result<bool> WriteDefaultImage(db::Database& db, base::Clock& clock, ImageSink& sink,
                                     const Look& look, bool force);

// Errors: database failures, and kNotFound when `package` names no active
// package. A card that fails is logged and counted, not an error.
base::Result<GenerateResult> Generate(db::Database& db, base::Clock& clock, ImageSink& sink,
                                      const GenerateOptions& options);

}  // namespace wpp::og
