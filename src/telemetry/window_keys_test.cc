#include "telemetry/window_keys.h"

#include <random>
#include <unordered_set>

#include "gtest/gtest.h"

namespace wpp::telemetry {
namespace {

using Added = WindowKeys::Added;

TEST(WindowKeysTest, AnswersAsASetDoesThroughGrowth) {
  WindowKeys keys(1'000'000);
  std::unordered_set<uint64_t> reference;
  std::mt19937_64 random(7);
  for (int i = 0; i < 200'000; ++i) {
    // Few distinct values in the low bits, so probes collide and wrap.
    const uint64_t f = (i % 3 == 0) ? random() % 5000 : random() << 20;
    const Added want = reference.insert(f).second ? Added::kNew : Added::kPresent;
    ASSERT_EQ(keys.Add(f), want) << i;
  }
  EXPECT_EQ(keys.size(), reference.size());
}

TEST(WindowKeysTest, ZeroIsAKeyLikeAnyOther) {
  WindowKeys keys(10);
  EXPECT_EQ(keys.Add(0), Added::kNew);
  EXPECT_EQ(keys.Add(0), Added::kPresent);
  EXPECT_EQ(keys.size(), 1u);
}

TEST(WindowKeysTest, RefusesNewKeysOnceFullButStillKnowsItsOwn) {
  WindowKeys keys(3);
  EXPECT_EQ(keys.Add(11), Added::kNew);
  EXPECT_EQ(keys.Add(22), Added::kNew);
  EXPECT_EQ(keys.Add(0), Added::kNew);
  EXPECT_EQ(keys.Add(33), Added::kFull);
  EXPECT_EQ(keys.Add(22), Added::kPresent);
  EXPECT_EQ(keys.Add(0), Added::kPresent);

  keys.Clear();

  EXPECT_EQ(keys.size(), 0u);
  EXPECT_EQ(keys.Add(33), Added::kNew);
  EXPECT_EQ(keys.Add(0), Added::kNew);
}

}  // namespace
}  // namespace wpp::telemetry
