// PipelineLock: an exclusive, non-blocking flock on <db dir>/pipeline.lock,
// so two pipelines never overlap. The OS releases it when the process ends,
// even on a crash.

#pragma once

#include <memory>
#include <string>

#include "base/result.h"

namespace wpp::pipeline {

class PipelineLock {
 public:
  // Errors: kUnavailable "pipeline already running (could not acquire
  // <path>)" when another process holds it; kInternal when the file cannot
  // be created.
  static base::Result<std::unique_ptr<PipelineLock>> Acquire(const std::string& path);
  ~PipelineLock();
  PipelineLock(const PipelineLock&) = delete;
  PipelineLock& operator=(const PipelineLock&) = delete;

 private:
  explicit PipelineLock(int fd) : fd_(fd) {}
  int fd_;
};

// "<directory of db_path>/pipeline.lock".
std::string LockPathFor(const std::string& db_path);

}  // namespace wpp::pipeline
