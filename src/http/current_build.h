// The files of the build `current` points at, as serve reads them: the
// build's index is loaded once per promotion, then every p2 request is a
// hash lookup plus the blob's path (repository/build_files.h).

#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "repository/build_files.h"

namespace wpp::http {

class CurrentBuild {
 public:
  explicit CurrentBuild(std::string repository_dir) : repository_dir_(std::move(repository_dir)) {}

  // The current build's files; null when there is no `current` link or its
  // index cannot be read (logged once per target). One readlink per call;
  // after a promotion the first caller loads the new index while others
  // keep being answered from the previous build, which stays intact.
  // Thread-safe.
  std::shared_ptr<const repository::BuildFiles> Get();

 private:
  const std::string repository_dir_;
  std::mutex load_mu_;  // Held while an index loads.
  std::mutex mu_;
  std::string target_;                                   // Guarded by mu_.
  std::shared_ptr<const repository::BuildFiles> files_;  // Guarded by mu_.
};

}  // namespace wpp::http
