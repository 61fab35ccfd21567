#include "base/progress.h"

#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace wpp::base {
namespace {

using std::chrono::seconds;

TEST(ProgressTest, RenderShowsBarCountPercentAndEta) {
  const std::string line = Progress::Render("update", 50, 100, seconds(10), 80);

  EXPECT_NE(line.find("update ["), std::string::npos) << line;
  EXPECT_NE(line.find("50/100"), std::string::npos) << line;
  EXPECT_NE(line.find(" 50%"), std::string::npos) << line;
  EXPECT_NE(line.find("5/s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 10s"), std::string::npos) << line;
  EXPECT_LE(line.size(), 80u);
}

TEST(ProgressTest, RenderWithUnknownTotalShowsCountAndRate) {
  const std::string line = Progress::Render("discover", 1200, 0, seconds(2), 80);

  EXPECT_EQ(line, "discover 1200 600/s 2s");
}

TEST(ProgressTest, RenderNeverExceedsTheWidth) {
  const std::string line = Progress::Render("a-very-long-label", 1, 3, seconds(1), 20);

  EXPECT_LE(line.size(), 20u);
}

TEST(ProgressTest, CountsFromManyThreads) {
  Progress progress("test", 4000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        progress.Add(1);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  progress.Finish();

  EXPECT_EQ(progress.done(), 4000);
}

}  // namespace
}  // namespace wpp::base
