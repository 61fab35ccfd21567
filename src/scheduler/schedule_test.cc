// The schedule logic over simulated time: a day of runs with FakeClock, no
// threads, no processes (docs/behaviour.md §16.1).

#include "scheduler/schedule.h"

#include <map>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "testutil/fake_clock.h"

namespace wpp::scheduler {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

std::vector<JobSpec> OperationsJobs() {
  return {
      {.name = "pipeline", .args = {"pipeline"}, .interval = minutes(5), .notifies_itself = true},
      {.name = "aggregate-installs", .args = {}, .interval = hours(1), .notifies_itself = false},
      {.name = "check-status", .args = {}, .interval = hours(1), .notifies_itself = false},
      {.name = "cleanup-sessions", .args = {}, .interval = hours(24), .notifies_itself = false},
      {.name = "generate-og", .args = {}, .interval = hours(24), .notifies_itself = false},
  };
}

struct Run {
  TimePoint start;
  TimePoint end;
  bool ok = true;
};

// Drives a Schedule with a FakeClock in 1 s steps for `length`. Each job's
// run takes `duration[job]` (a "hanging" job is given the timeout the
// runner would kill it at) and fails when `fails` holds its name.
class Simulation {
 public:
  Simulation(std::vector<JobSpec> jobs, seconds jitter, std::function<int64_t(int64_t)> random)
      : schedule_(std::move(jobs), jitter, seconds(5), std::move(random)) {}

  std::map<std::string, seconds> duration{};
  std::set<std::string> fails{};
  std::map<std::string, std::vector<Run>> runs{};

  void Start(const std::map<std::string, TimePoint>& last = {}) {
    schedule_.Start(clock_.Now(), last);
  }
  void RunFor(seconds length) {
    const TimePoint end = clock_.Now() + length;
    std::map<size_t, Run> active;
    while (clock_.Now() < end) {
      const TimePoint now = clock_.Now();
      for (auto it = active.begin(); it != active.end();) {
        if (it->second.end <= now) {
          runs[schedule_.job(it->first).name].push_back(it->second);
          schedule_.Finished(it->first, it->second.start);
          it = active.erase(it);
        } else {
          ++it;
        }
      }
      for (size_t index : schedule_.TakeDue(now)) {
        const std::string& name = schedule_.job(index).name;
        ASSERT_FALSE(active.contains(index)) << name << " started twice";
        const auto d = duration.contains(name) ? duration[name] : seconds(10);
        active[index] = Run{.start = now, .end = now + d, .ok = !fails.contains(name)};
      }
      clock_.SleepFor(seconds(1));
    }
  }
  testutil::FakeClock& clock() { return clock_; }
  Schedule& schedule() { return schedule_; }

 private:
  testutil::FakeClock clock_;
  Schedule schedule_;
};

void ExpectNoOverlap(const std::vector<Run>& runs) {
  for (size_t i = 1; i < runs.size(); ++i) {
    EXPECT_LE(runs[i - 1].end, runs[i].start) << "run " << i;
  }
}

TEST(ScheduleTest, SimulatedDayRunsEveryJobTheExpectedNumberOfTimes) {
  Simulation sim(OperationsJobs(), seconds(0), nullptr);
  sim.duration = {{"pipeline", minutes(2)}, {"check-status", minutes(20)}};
  // aggregate-installs fails every time; generate-og hangs until a
  // 3-hour timeout would kill it: neither holds up the others.
  sim.fails = {"aggregate-installs"};
  sim.duration["generate-og"] = hours(3);
  sim.Start();
  sim.RunFor(hours(24));
  // First runs at start + 5 s, then every interval from each start.
  EXPECT_EQ(sim.runs["pipeline"].size(), 288u);
  EXPECT_EQ(sim.runs["aggregate-installs"].size(), 24u);
  EXPECT_EQ(sim.runs["check-status"].size(), 24u);
  EXPECT_EQ(sim.runs["cleanup-sessions"].size(), 1u);
  EXPECT_EQ(sim.runs["generate-og"].size(), 1u);
  for (const auto& [name, runs] : sim.runs) {
    ExpectNoOverlap(runs);
  }
  const auto& pipeline = sim.runs["pipeline"];
  for (size_t i = 1; i < pipeline.size(); ++i) {
    EXPECT_EQ(pipeline[i].start - pipeline[i - 1].start, minutes(5));
  }
}

TEST(ScheduleTest, RunLongerThanItsIntervalIsFollowedByOneRunNotABacklog) {
  Simulation sim({OperationsJobs()[0]}, seconds(0), nullptr);
  sim.duration = {{"pipeline", minutes(12)}};
  sim.Start();
  sim.RunFor(hours(1));
  const auto& runs = sim.runs["pipeline"];
  // 12 min each, back to back from 0:00:05; the fifth (0:48:05) is still running.
  ASSERT_EQ(runs.size(), 4u);
  ExpectNoOverlap(runs);
  for (size_t i = 1; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].start, runs[i - 1].end);
  }
}

TEST(ScheduleTest, CatchingUpAfterDowntimeRunsOnceSoonAfterStart) {
  Simulation sim(OperationsJobs(), seconds(0), nullptr);
  const TimePoint t0 = sim.clock().Now();
  // Down for ten hours; cleanup-sessions ran 2 hours ago (not due yet).
  sim.Start({{"pipeline", t0 - hours(10)},
             {"aggregate-installs", t0 - hours(10)},
             {"cleanup-sessions", t0 - hours(2)}});
  EXPECT_EQ(sim.schedule().due(0), t0 + seconds(5));
  EXPECT_EQ(sim.schedule().due(1), t0 + seconds(5));
  EXPECT_EQ(sim.schedule().due(3), t0 + hours(22));
  sim.RunFor(minutes(6));
  // One pipeline run to catch up, then the normal rhythm: not 120.
  EXPECT_EQ(sim.runs["pipeline"].size(), 2u);
  EXPECT_EQ(sim.runs["aggregate-installs"].size(), 1u);
  EXPECT_EQ(sim.runs["cleanup-sessions"].size(), 0u);
}

TEST(ScheduleTest, RecentRunKeepsItsRhythmAcrossARestart) {
  Simulation sim({OperationsJobs()[0]}, seconds(0), nullptr);
  const TimePoint t0 = sim.clock().Now();
  sim.Start({{"pipeline", t0 - minutes(2)}});
  EXPECT_EQ(sim.schedule().due(0), t0 + minutes(3));
}

TEST(ScheduleTest, JitterDelaysEachRunWithinItsBound) {
  int64_t draw = 0;
  Simulation sim({OperationsJobs()[0]}, seconds(30), [&draw](int64_t n) {
    draw = (draw + 17) % (n + 1);
    return draw;
  });
  sim.Start();
  sim.RunFor(hours(6));
  const auto& runs = sim.runs["pipeline"];
  ASSERT_GE(runs.size(), 60u);
  for (size_t i = 1; i < runs.size(); ++i) {
    const auto gap = runs[i].start - runs[i - 1].start;
    EXPECT_GE(gap, minutes(5));
    EXPECT_LE(gap, minutes(5) + seconds(30));
  }
}

TEST(ScheduleTest, NextWakeIsTheEarliestIdleJob) {
  Schedule schedule(OperationsJobs(), seconds(0), seconds(5), nullptr);
  testutil::FakeClock clock;
  schedule.Start(clock.Now(), {});
  EXPECT_EQ(schedule.NextWake(), clock.Now() + seconds(5));
  EXPECT_TRUE(schedule.TakeDue(clock.Now()).empty());
  const auto due = schedule.TakeDue(clock.Now() + seconds(5));
  EXPECT_EQ(due.size(), 5u);
  EXPECT_EQ(schedule.NextWake(), std::nullopt);
  schedule.Finished(0, clock.Now() + seconds(5));
  EXPECT_EQ(schedule.NextWake(), clock.Now() + seconds(5) + minutes(5));
}

}  // namespace
}  // namespace wpp::scheduler
