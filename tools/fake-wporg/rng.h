// Deterministic pseudo-random numbers for the synthetic corpus. Every value
// the fake invents is drawn from a stream keyed by (seed, purpose, index), so
// a package looks the same on every run and can be generated on demand.

#pragma once

#include <cstdint>
#include <string_view>

namespace wpp::fakewporg {

// SplitMix64's finaliser: a cheap, well-mixed 64-bit hash step.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A stream key for (seed, purpose, a, b).
inline uint64_t StreamKey(uint64_t seed, uint64_t purpose, uint64_t a, uint64_t b = 0) {
  return Mix64(Mix64(Mix64(seed ^ Mix64(purpose)) ^ a) ^ Mix64(b + 0x51ED27));
}

class Rng {
 public:
  explicit Rng(uint64_t key) : state_(key) {}

  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n must be > 0.
  uint64_t Below(uint64_t n) { return Next() % n; }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

 private:
  uint64_t state_;
};

// Purposes, so streams for different uses never coincide.
enum Purpose : uint64_t {
  kPurposeSlug = 1,
  kPurposeTraits = 2,
  kPurposeDetails = 3,
  kPurposeVersions = 4,
  kPurposeHistory = 5,
  kPurposeCommit = 6,
  kPurposeText = 7,
};

}  // namespace wpp::fakewporg
