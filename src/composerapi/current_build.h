// The files of the build `current` points at, as serve reads them: the
// build's index is loaded once per promotion, then every p2 request is a
// hash lookup plus the blob's path (repository/build_files.h).

#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/clock.h"
#include "repository/build_files.h"

namespace wpp::composerapi {

class CurrentBuild {
 public:
  // `clock` must outlive the object.
  CurrentBuild(std::string repository_dir, base::Clock& clock)
      : repository_dir_(std::move(repository_dir)), clock_(clock) {}

  // The current build's files. One readlink per call; after a promotion
  // the first caller loads the new index while others keep being answered
  // from the previous build, which stays intact. When the new index cannot
  // be read (logged), the previous build keeps being served and the load is
  // tried again after kRetryAfterFailure. Null when there is no `current`
  // link, or nothing could be loaded yet. Thread-safe.
  std::shared_ptr<const repository::BuildFiles> Get();

 private:
  const std::string repository_dir_;
  base::Clock& clock_;
  std::mutex load_mu_;  // Held while an index loads.
  std::mutex mu_;
  static constexpr std::chrono::seconds kRetryAfterFailure{5};

  std::string target_;                                   // Guarded by mu_.
  std::shared_ptr<const repository::BuildFiles> files_;  // Guarded by mu_.
  // When loading target_ failed; retried after kRetryAfterFailure.
  std::optional<base::Clock::TimePoint> failed_at_;  // Guarded by mu_.
};

}  // namespace wpp::composerapi
