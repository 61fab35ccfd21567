// The pipeline watch over simulated time (docs/behaviour.md §16.6): a
// Schedule with the pipeline job and a PipelineWatch driven second by second
// by a FakeClock, the repository and the pipeline's changelog scan modelled
// by a few numbers. No threads, no processes, no sleeps.

#include "scheduler/watch.h"

#include <optional>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "scheduler/schedule.h"
#include "testutil/fake_clock.h"

namespace wpp::scheduler {
namespace {

using base::PackageType;
using std::chrono::seconds;
using ::testing::ElementsAre;

// The plugin repository as the watch and the pipeline see it. The theme
// repository never moves.
struct Repository {
  int64_t youngest = 100;                  // What OPTIONS answers.
  int64_t reportable = 100;                // Up to where the changelog REPORT returns.
  std::optional<int64_t> watermark = 100;  // What the last scan stored.
  bool failing = false;                    // OPTIONS fails.
  int asked = 0;                           // OPTIONS requests to the plugin repository.
};

class WatchSimulation {
 public:
  WatchSimulation(seconds interval, seconds period, seconds run)
      : run_(run),
        schedule_({{.name = "pipeline", .args = {}, .interval = interval, .notifies_itself = true}},
                  seconds(0), seconds(0), nullptr),
        watch_(
            period, [this](PackageType type) { return Youngest(type); },
            [this](PackageType type) { return Watermark(type); }) {
    start_ = clock_.Now();
    schedule_.Start(start_, {});
  }

  Repository repo{};
  std::vector<int64_t> starts{};  // Seconds after the simulation began.
  std::vector<int64_t> early{};   // When the watch fired.

  // Runs until `length` seconds after the beginning; `each(t)` runs first
  // every second (the test's commits).
  void RunUntil(int64_t length, const std::function<void(int64_t)>& each = {}) {
    while (Elapsed() < length) {
      const auto now = clock_.Now();
      const int64_t t = Elapsed();
      if (each) {
        each(t);
      }
      if (run_end_ && *run_end_ <= now) {
        schedule_.Finished(0, *run_start_);
        repo.watermark = scanned_;  // The scan stores what the REPORT returned.
        run_end_.reset();
      }
      for (size_t index : schedule_.TakeDue(now)) {
        starts.push_back(t);
        run_start_ = now;
        run_end_ = now + run_;
        scanned_ = repo.reportable;
        (void)index;
      }
      if (watch_.Check(now, schedule_.running(0))) {
        early.push_back(t);
        schedule_.RunSoon(0, now);
      }
      clock_.SleepFor(seconds(1));
    }
  }
  const WatchCounts& counts() const { return watch_.counts(); }

 private:
  int64_t Elapsed() { return std::chrono::duration_cast<seconds>(clock_.Now() - start_).count(); }
  base::Result<int64_t> Youngest(PackageType type) {
    if (type == PackageType::kTheme) {
      return int64_t{50};
    }
    ++repo.asked;
    if (repo.failing) {
      return base::Error(base::ErrorCode::kUnavailable, "SVN OPTIONS returned status 503");
    }
    return repo.youngest;
  }
  std::optional<int64_t> Watermark(PackageType type) {
    return type == PackageType::kTheme ? std::optional<int64_t>(50) : repo.watermark;
  }

  seconds run_;
  testutil::FakeClock clock_;
  Schedule schedule_;
  PipelineWatch watch_;
  TimePoint start_{};
  std::optional<TimePoint> run_start_{};
  std::optional<TimePoint> run_end_{};
  int64_t scanned_ = 0;
};

// A commit of revision `revision` at second `at`, seen at once by both
// OPTIONS and the REPORT (the mirror they share has replicated it).
std::function<void(int64_t)> CommitAt(WatchSimulation& sim, int64_t at, int64_t revision) {
  return [&sim, at, revision](int64_t t) {
    if (t == at) {
      sim.repo.youngest = sim.repo.reportable = revision;
    }
  };
}

TEST(PipelineWatchTest, StartsThePipelineEarlyWhenTheYoungestRevisionMoves) {
  WatchSimulation sim(seconds(60), seconds(10), seconds(5));

  sim.RunUntil(200, CommitAt(sim, 100, 101));

  // Runs at 0 and 60 by the interval; the commit at 100 starts one within a
  // watch period (plus the loop's second); the interval counts from there.
  ASSERT_EQ(sim.starts.size(), 4u);
  EXPECT_EQ(sim.starts[0], 0);
  EXPECT_EQ(sim.starts[1], 60);
  EXPECT_GE(sim.starts[2], 100);
  EXPECT_LE(sim.starts[2], 111);
  EXPECT_EQ(sim.starts[3], sim.starts[2] + 60);
  EXPECT_EQ(sim.counts().early, 1);
  EXPECT_EQ(sim.repo.watermark, 101);
}

TEST(PipelineWatchTest, NothingNewMeansTheIntervalAlone) {
  WatchSimulation sim(seconds(60), seconds(10), seconds(5));

  sim.RunUntil(300);

  EXPECT_THAT(sim.starts, ElementsAre(0, 60, 120, 180, 240));
  EXPECT_EQ(sim.counts().early, 0);
  EXPECT_GE(sim.counts().checks, 25);  // About one a period.
  EXPECT_LE(sim.counts().checks, 31);
  EXPECT_EQ(sim.repo.asked, sim.counts().checks);  // One question per repository and round.
}

// The mirror answers a revision its REPORT does not return yet: the early
// run finds nothing and the watch does not start another for it.
TEST(PipelineWatchTest, ARevisionTheReportDoesNotReturnStartsOneEarlyRunOnly) {
  WatchSimulation sim(seconds(60), seconds(10), seconds(5));

  sim.RunUntil(300, [&](int64_t t) {
    if (t == 30) {
      sim.repo.youngest = 105;  // The REPORT still stops at 100.
    }
  });

  ASSERT_EQ(sim.starts.size(), 6u);
  EXPECT_GE(sim.starts[1], 30);
  EXPECT_LE(sim.starts[1], 41);
  EXPECT_EQ(sim.counts().early, 1);
  for (size_t i = 2; i < sim.starts.size(); ++i) {
    EXPECT_EQ(sim.starts[i], sim.starts[i - 1] + 60);
  }
  EXPECT_EQ(sim.repo.watermark, 100);
}

TEST(PipelineWatchTest, FailedAnswersAreCountedAndChangeNothing) {
  WatchSimulation sim(seconds(60), seconds(10), seconds(5));
  sim.repo.failing = true;

  sim.RunUntil(300, CommitAt(sim, 100, 101));

  EXPECT_THAT(sim.starts, ElementsAre(0, 60, 120, 180, 240));
  EXPECT_EQ(sim.counts().early, 0);
  EXPECT_EQ(sim.counts().failed, sim.counts().checks);
  EXPECT_GT(sim.counts().failed, 0);
}

// No question while the pipeline runs; a round that fell due during a run
// is asked as soon as it ends.
TEST(PipelineWatchTest, ARoundDueDuringARunIsAskedWhenTheRunEnds) {
  WatchSimulation sim(seconds(120), seconds(10), seconds(30));
  int asked_during_first_run = -1;

  sim.RunUntil(100, [&](int64_t t) {
    if (t == 5) {
      sim.repo.youngest = sim.repo.reportable = 101;
    }
    if (t == 30) {
      asked_during_first_run = sim.repo.asked;
    }
  });

  EXPECT_EQ(asked_during_first_run, 0);
  ASSERT_EQ(sim.starts.size(), 2u);
  EXPECT_GE(sim.starts[1], 30);
  EXPECT_LE(sim.starts[1], 32);
  EXPECT_EQ(sim.repo.watermark, 101);
}

// Commits every second: the pipeline runs again and again, but an early
// start at most once a watch period.
TEST(PipelineWatchTest, EarlyStartsAreAtMostOnceAPeriod) {
  WatchSimulation sim(seconds(60), seconds(10), seconds(1));

  sim.RunUntil(200, [&](int64_t t) { sim.repo.youngest = sim.repo.reportable = 100 + t; });

  EXPECT_GE(sim.counts().early, 15);
  ASSERT_EQ(sim.early.size(), static_cast<size_t>(sim.counts().early));
  for (size_t i = 1; i < sim.early.size(); ++i) {
    EXPECT_GE(sim.early[i] - sim.early[i - 1], 10) << i;
  }
  EXPECT_EQ(sim.starts.size(), sim.early.size() + 1);  // Only the first run is the interval's.
}

TEST(PipelineWatchTest, APeriodOfZeroTurnsTheWatchOff) {
  WatchSimulation sim(seconds(60), seconds(0), seconds(5));

  sim.RunUntil(200, CommitAt(sim, 100, 101));

  EXPECT_THAT(sim.starts, ElementsAre(0, 60, 120, 180));
  EXPECT_EQ(sim.repo.asked, 0);
  EXPECT_EQ(sim.counts().checks, 0);
}

// Before the first changelog scan there is nothing to compare with (the
// startup run records the watermark).
TEST(PipelineWatchTest, NoWatermarkYetStartsNothingEarly) {
  testutil::FakeClock clock;
  PipelineWatch watch(
      seconds(10), [](PackageType) { return base::Result<int64_t>(int64_t{200}); },
      [](PackageType) { return std::optional<int64_t>(); });

  EXPECT_FALSE(watch.Check(clock.Now(), false));
  EXPECT_FALSE(watch.Check(clock.Now() + seconds(5), false));  // Not a period yet: not asked.
  EXPECT_EQ(watch.counts().checks, 1);
}

TEST(ScheduleTest, RunSoonMakesAJobDueNowUnlessItRunsOrIsDue) {
  testutil::FakeClock clock;
  Schedule schedule(
      {{.name = "pipeline", .args = {}, .interval = seconds(60), .notifies_itself = true}},
      seconds(0), seconds(0), nullptr);
  const TimePoint t0 = clock.Now();
  schedule.Start(t0, {{"pipeline", t0}});

  EXPECT_TRUE(schedule.RunSoon(0, t0 + seconds(10)));
  EXPECT_FALSE(schedule.RunSoon(0, t0 + seconds(11)));  // Already due.
  EXPECT_THAT(schedule.TakeDue(t0 + seconds(11)), ElementsAre(0u));
  EXPECT_FALSE(schedule.RunSoon(0, t0 + seconds(12)));  // Running.
  schedule.Finished(0, t0 + seconds(11));
  EXPECT_EQ(schedule.due(0), t0 + seconds(71));
}

}  // namespace
}  // namespace wpp::scheduler
