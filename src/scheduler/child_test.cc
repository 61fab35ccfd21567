// RunChild with /bin/sh as the job: outcomes, the log file, the timeout and
// the stop flag (docs/behaviour.md §16.2).

#include "scheduler/child.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "testutil/test_db.h"

namespace wpp::scheduler {
namespace {

using std::chrono::milliseconds;

ChildOutcome Sh(const std::string& script, const std::string& log = "",
                milliseconds timeout = std::chrono::minutes(1),
                const std::atomic<bool>* stop = nullptr) {
  return RunChild({.argv = {"/bin/sh", "-c", script},
                   .log_path = log,
                   .timeout = timeout,
                   .grace = milliseconds(100)},
                  stop, nullptr);
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(RunChildTest, ExitStatusAndOutputAppendedToTheLogFile) {
  testutil::TempDir tmp;
  const std::string log = tmp.file("job.log");
  const ChildOutcome ok = Sh("echo out; echo err >&2", log);
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.status(), "succeeded");
  const ChildOutcome failed = Sh("echo again; exit 3", log);
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.status(), "failed");
  EXPECT_EQ(failed.Describe(), "exit status 3");
  EXPECT_EQ(Read(log), "out\nerr\nagain\n");
  EXPECT_THAT(TailLines(log, 2), ::testing::ElementsAre("err", "again"));
}

TEST(RunChildTest, TheJobRunsAtTheNiceValueAskedAboveOurs) {
  testutil::TempDir tmp;
  const std::string log = tmp.file("nice.log");
  ASSERT_TRUE(Sh("nice", log).ok());
  const int ours = std::stoi(Read(log));
  const std::string niced = tmp.file("niced.log");

  ASSERT_TRUE(
      RunChild({.argv = {"/bin/sh", "-c", "nice"}, .log_path = niced, .nice = 5}, nullptr, nullptr)
          .ok());

  EXPECT_EQ(std::stoi(Read(niced)), std::min(ours + 5, 19));
}

TEST(RunChildTest, CrashIsAFailure) {
  const ChildOutcome crashed = Sh("kill -SEGV $$");
  EXPECT_EQ(crashed.kind, ChildOutcome::Kind::kSignaled);
  EXPECT_EQ(crashed.Describe(), "killed by signal 11");
  EXPECT_EQ(crashed.status(), "failed");
}

TEST(RunChildTest, HangIsKilledAfterTimeoutAndGrace) {
  // Ignores SIGTERM: only SIGKILL after the grace period ends it.
  const ChildOutcome hung = Sh("trap '' TERM; while :; do sleep 1; done", "", milliseconds(100));
  EXPECT_EQ(hung.kind, ChildOutcome::Kind::kTimedOut);
  EXPECT_EQ(hung.status(), "timed_out");
}

TEST(RunChildTest, StopFlagStopsTheChild) {
  std::atomic<bool> stop{true};
  const ChildOutcome stopped = Sh("while :; do sleep 1; done", "", std::chrono::minutes(1), &stop);
  EXPECT_EQ(stopped.kind, ChildOutcome::Kind::kStopped);
  EXPECT_EQ(stopped.status(), "stopped");
}

TEST(RunChildTest, MissingProgramFailsWithExit127) {
  const ChildOutcome missing = RunChild({.argv = {"/nonexistent/wppackages"},
                                         .log_path = "",
                                         .timeout = std::chrono::minutes(1),
                                         .grace = milliseconds(100)},
                                        nullptr, nullptr);
  EXPECT_EQ(missing.kind, ChildOutcome::Kind::kExited);
  EXPECT_EQ(missing.exit_code, 127);
}

}  // namespace
}  // namespace wpp::scheduler
