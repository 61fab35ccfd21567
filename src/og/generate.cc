#include "og/generate.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

#include <sys/stat.h>

#include "base/bounded_queue.h"
#include "base/log.h"
#include "base/package_type.h"
#include "base/progress.h"
#include "og/og_store.h"
#include "og/renderer.h"

namespace wpp::og {
namespace {

using base::Error;
using base::ErrorCode;

// Bumped when the drawing changes, so the default image is drawn again.
constexpr char kRendererVersion[] = "og-1";
constexpr size_t kRecordBatch = 256;

base::Status Errno(const std::string& what, const std::filesystem::path& path) {
  return Error(ErrorCode::kUnavailable, what + " " + path.string() + ": " + std::strerror(errno));
}

std::string DefaultFingerprint(const Look& look) {
  return std::string(kRendererVersion) + "\n" + look.site_name + "\n" + look.host + "\n" +
         look.tagline;
}

}  // namespace

// docs/behaviour.md §15.3: a temporary file in the same folder renamed over
// the key's file, so an interrupted run leaves the previous image whole.
base::Status LocalImageDir::Write(const std::string& key, std::string_view png) {
  const std::filesystem::path path = dir_ / key;
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return Error(ErrorCode::kUnavailable,
                 "create " + path.parent_path().string() + ": " + ec.message());
  }
  const std::filesystem::path tmp =
      path.string() + ".tmp-" + std::to_string(getpid()) + "-" +
      std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()) % 1000000);
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Errno("open", tmp);
  }
  fchmod(fd, 0644);  // Whatever the umask.
  size_t written = 0;
  while (written < png.size()) {
    const ssize_t n = write(fd, png.data() + written, png.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      base::Status status = Errno("write", tmp);
      close(fd);
      unlink(tmp.c_str());
      return status;
    }
    written += static_cast<size_t>(n);
  }
  if (close(fd) != 0) {
    base::Status status = Errno("close", tmp);
    unlink(tmp.c_str());
    return status;
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    base::Status status = Errno("rename", tmp);
    unlink(tmp.c_str());
    return status;
  }
  return base::Status::Ok();
}

bool LocalImageDir::Exists(const std::string& key) {
  struct stat st {};
  return stat((dir_ / key).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

base::Status BucketImageSink::Write(const std::string& key, std::string_view png) {
  return store_.Put(key, png, {.content_type = "image/png", .cache_control = kImageCacheControl});
}

bool BucketImageSink::Exists(const std::string& /*key*/) {
  return true;  // One PUT replaces it whole; og_images says what was stored.
}

base::Result<bool> WriteDefaultImage(db::Database& db, base::Clock& clock, ImageSink& sink,
                                     const Look& look, bool force) {
  OgStore store(db);
  const std::string fingerprint = DefaultFingerprint(look);
  WPP_ASSIGN_OR_RETURN(const std::string previous, store.DefaultFingerprint());
  const std::string key(kDefaultImageKey);
  if (!force && previous == fingerprint && sink.Exists(key)) {
    return false;
  }
  Renderer renderer(look);
  WPP_ASSIGN_OR_RETURN(const std::string png, renderer.Default());
  WPP_RETURN_IF_ERROR(sink.Write(key, png));
  WPP_RETURN_IF_ERROR(store.RecordDefault(fingerprint, base::FormatRfc3339(clock.Now())));
  return true;
}

base::Result<GenerateResult> Generate(db::Database& db, base::Clock& clock, ImageSink& sink,
                                      const GenerateOptions& options) {
  GenerateResult result;
  OgStore store(db);
  std::optional<std::pair<base::PackageType, std::string>> only;
  if (!options.package.empty()) {
    only = base::SplitComposerName(options.package);
    if (!only) {
      return Error(
          ErrorCode::kInvalidArgument,
          "--package wants wp-plugin/<slug> or wp-theme/<slug>, got \"" + options.package + "\"");
    }
  }
  auto now = [&clock] { return base::FormatRfc3339(clock.Now()); };

  if (!only && !(options.stop != nullptr && options.stop->load())) {
    auto written = WriteDefaultImage(db, clock, sink, options.look, options.force);
    if (!written.ok()) {
      base::log::Warn("og image failed",
                      {{"key", kDefaultImageKey}, {"error", written.error().message()}});
      ++result.errors;
    } else {
      result.default_written = *written;
    }
  }

  WPP_ASSIGN_OR_RETURN(const std::vector<Candidate> candidates, store.Pending(options.force, only));
  if (only && candidates.empty()) {
    return Error(ErrorCode::kNotFound, "no active package " + options.package);
  }
  // A changed composer count whose format is the same needs no new card
  // (docs/behaviour.md §15.3); the count it was compared with is kept.
  std::vector<Generated> skipped;
  std::vector<const Candidate*> todo;
  for (const Candidate& c : candidates) {
    if (!options.force && !only && c.has_image &&
        FormatCount(c.previous_composer) == FormatCount(c.card.composer_installs)) {
      skipped.push_back({.package_id = c.package_id,
                         .key = {},
                         .active_installs = 0,
                         .composer_installs = c.card.composer_installs,
                         .drawn = false});
    } else {
      todo.push_back(&c);
    }
  }
  WPP_RETURN_IF_ERROR(store.Record(skipped, now()));
  result.skipped = static_cast<int64_t>(skipped.size());

  const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int workers = static_cast<int>(
      std::min<size_t>(options.workers > 0 ? options.workers : hardware, todo.size()));
  base::Progress progress("generate-og", static_cast<int64_t>(todo.size()));
  base::BoundedQueue<Generated> done(1024);
  std::atomic<size_t> next{0};
  std::atomic<int64_t> errors{0};
  auto stopped = [&] { return options.stop != nullptr && options.stop->load(); };

  auto work = [&] {
    Renderer renderer(options.look);  // Fonts and layouts, reused for every card.
    for (size_t i = next++; i < todo.size() && !stopped(); i = next++) {
      const Candidate& c = *todo[i];
      const std::string key = PackageImageKey(c.card.type, c.card.slug);
      auto png = renderer.Package(c.card);
      base::Status status = png.ok() ? sink.Write(key, *png) : png.status();
      if (!status.ok()) {
        base::log::Warn("og image failed", {{"key", key}, {"error", status.error().message()}});
        ++errors;
        progress.Add(1);
        continue;
      }
      done.Push({.package_id = c.package_id,
                 .key = key,
                 .active_installs = c.card.active_installs,
                 .composer_installs = c.card.composer_installs,
                 .drawn = true});
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(workers));
  for (int i = 0; i < workers; ++i) {
    threads.emplace_back(work);
  }
  std::thread closer([&] {
    for (auto& t : threads) {
      t.join();
    }
    done.Close();
  });

  // Database writes are serialised here, in batches, as cards arrive.
  base::Status record_status = base::Status::Ok();
  std::vector<Generated> batch;
  while (done.PopBatch(kRecordBatch, &batch)) {
    if (record_status.ok()) {
      record_status = store.Record(batch, now());
    }
    result.generated += static_cast<int64_t>(batch.size());
    progress.Add(static_cast<int64_t>(batch.size()));
  }
  closer.join();
  progress.Finish();
  WPP_RETURN_IF_ERROR(record_status);
  result.errors += errors.load();
  result.interrupted =
      stopped() && result.generated + errors.load() < static_cast<int64_t>(todo.size());
  base::log::Info("generate-og done", {{"generated", result.generated},
                                       {"skipped", result.skipped},
                                       {"errors", result.errors},
                                       {"default", result.default_written},
                                       {"interrupted", result.interrupted}});
  return result;
}

}  // namespace wpp::og
