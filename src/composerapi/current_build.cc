#include "composerapi/current_build.h"

#include <limits.h>
#include <unistd.h>

#include "base/log.h"

namespace wpp::composerapi {

std::shared_ptr<const repository::BuildFiles> CurrentBuild::Get() {
  char buffer[PATH_MAX];
  const std::string link = repository_dir_ + "/current";
  const ssize_t n = readlink(link.c_str(), buffer, sizeof buffer);
  if (n <= 0 || static_cast<size_t>(n) >= sizeof buffer) {
    return nullptr;
  }
  const std::string target(buffer, static_cast<size_t>(n));
  const auto fresh = [&] {  // Requires mu_.
    return target == target_ && (!failed_at_ || clock_.Now() - *failed_at_ < kRetryAfterFailure);
  };
  {
    std::lock_guard lock(mu_);
    if (fresh()) {
      return files_;
    }
  }
  std::unique_lock load(load_mu_, std::try_to_lock);
  if (!load.owns_lock()) {
    {
      std::lock_guard lock(mu_);
      if (files_) {
        return files_;  // Another thread loads the new build: answer from the old one.
      }
    }
    load.lock();  // Nothing to answer from yet: wait for the loader.
  }
  {
    std::lock_guard lock(mu_);
    if (fresh()) {
      return files_;  // Loaded while this thread waited.
    }
  }
  const std::string dir = target.front() == '/' ? target : repository_dir_ + "/" + target;
  auto opened = repository::BuildFiles::Open(dir);
  std::shared_ptr<const repository::BuildFiles> files;
  if (opened) {
    files = std::make_shared<const repository::BuildFiles>(std::move(opened).value());
    base::log::Info("serving build", {{"build", target}, {"packages", files->index().size()}});
  } else {
    base::log::Error("cannot read the current build's index; serving the previous one",
                     {{"build", target}, {"error", opened.error().message()}});
  }
  std::lock_guard lock(mu_);
  target_ = target;
  failed_at_.reset();
  if (files) {
    files_ = std::move(files);
  } else {
    failed_at_ = clock_.Now();
  }
  return files_;
}

}  // namespace wpp::composerapi
