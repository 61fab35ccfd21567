#include "telemetry/window_keys.h"

namespace wpp::telemetry {
namespace {

constexpr size_t kInitialSlots = 1024;

// The slot of a fingerprint: its bits mixed (the 64-bit finalizer of
// MurmurHash3), since keys kept from before migration 016 are hex text,
// whose low bits take few values, and linear probing degrades on clusters.
size_t Slot(uint64_t f, size_t mask) {
  f ^= f >> 33;
  f *= 0xff51afd7ed558ccdULL;
  f ^= f >> 33;
  f *= 0xc4ceb9fe1a85ec53ULL;
  f ^= f >> 33;
  return static_cast<size_t>(f) & mask;
}

}  // namespace

WindowKeys::WindowKeys(size_t max_keys) : max_keys_(max_keys), slots_(kInitialSlots, 0) {}

WindowKeys::Added WindowKeys::Add(uint64_t fingerprint) {
  if (fingerprint == 0) {
    if (has_zero_) {
      return Added::kPresent;
    }
    if (size_ >= max_keys_) {
      return Added::kFull;
    }
    has_zero_ = true;
    ++size_;
    return Added::kNew;
  }
  const size_t mask = slots_.size() - 1;
  size_t i = Slot(fingerprint, mask);
  while (slots_[i] != 0) {
    if (slots_[i] == fingerprint) {
      return Added::kPresent;
    }
    i = (i + 1) & mask;
  }
  if (size_ >= max_keys_) {
    return Added::kFull;
  }
  slots_[i] = fingerprint;
  ++size_;
  if (2 * size_ > slots_.size()) {
    Grow();
  }
  return Added::kNew;
}

void WindowKeys::Grow() {
  std::vector<uint64_t> old(slots_.size() * 2, 0);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const uint64_t f : old) {
    if (f != 0) {
      size_t i = Slot(f, mask);
      while (slots_[i] != 0) {
        i = (i + 1) & mask;
      }
      slots_[i] = f;
    }
  }
}

void WindowKeys::Clear() {
  std::vector<uint64_t>(kInitialSlots, 0).swap(slots_);
  size_ = 0;
  has_zero_ = false;
}

}  // namespace wpp::telemetry
