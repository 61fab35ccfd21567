// The dedupe keys of the current dedupe window, kept in memory by the one
// install writer (docs/behaviour.md §10.3): an open-addressing set of 64-bit
// fingerprints (the first 8 bytes of a stored 16-byte key), bounded so that
// a flood of distinct installs cannot grow memory without limit.

#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wpp::telemetry {

class WindowKeys {
 public:
  // At most `max_keys` fingerprints; the table doubles as it fills, up to
  // twice that many slots of 8 bytes.
  explicit WindowKeys(size_t max_keys);

  enum class Added { kNew, kPresent, kFull };
  // Adds `fingerprint` unless it is present or the set holds max_keys.
  Added Add(uint64_t fingerprint);
  void Clear();
  size_t size() const { return size_; }

 private:
  void Grow();

  size_t max_keys_;
  size_t size_ = 0;
  bool has_zero_ = false;        // 0 marks an empty slot, so it is kept apart.
  std::vector<uint64_t> slots_;  // A power of two, at most half full.
};

}  // namespace wpp::telemetry
