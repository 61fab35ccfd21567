#include "admin/log_stream.h"

#include <cstdio>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "testutil/test_db.h"

namespace wpp::admin {
namespace {

using ::testing::HasSubstr;

void Append(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::app) << text;
}

LogStreamOptions Fast() {
  LogStreamOptions o;
  o.initial_lines = 2;
  o.waiting_notice = std::chrono::milliseconds(0);
  o.heartbeat = std::chrono::hours(1);
  return o;
}

TEST(LogStreamTest, TailThenNewCompleteLines) {
  testutil::TempDir tmp;
  const std::string path = tmp.file("x.log");
  Append(path, "a\nb\nc\npart");
  LogStream stream(path, "x", Fast(), nullptr);
  std::string out;
  ASSERT_TRUE(stream.Poll(&out));
  EXPECT_EQ(out, "data: b\n\ndata: c\n\n");
  out.clear();
  Append(path, "ial\nd\r\n\ne");
  stream.Poll(&out);
  EXPECT_EQ(out, "data: partial\n\ndata: d\n\n");
}

TEST(LogStreamTest, WaitsForTheFileThenFollowsRotationAndTruncation) {
  testutil::TempDir tmp;
  const std::string path = tmp.file("x.log");
  LogStream stream(path, "x", Fast(), nullptr);
  std::string out;
  stream.Poll(&out);
  EXPECT_EQ(out, "data: Waiting for x.log ...\n\n");
  Append(path, "one\n");
  out.clear();
  stream.Poll(&out);
  EXPECT_EQ(out, "data: one\n\n");
  // Rotation: the old file moves away, a new one starts.
  Append(path, "two\n");
  std::rename(path.c_str(), (path + ".1").c_str());
  Append(path, "three\n");
  out.clear();
  stream.Poll(&out);
  EXPECT_EQ(out, "data: two\n\ndata: three\n\n");
  // Truncation in place: read again from the start.
  std::ofstream(path, std::ios::trunc) << "four\n";
  out.clear();
  stream.Poll(&out);
  EXPECT_EQ(out, "data: four\n\n");
}

TEST(LogStreamTest, HeartbeatsAndEndsAfterItsMaximumAge) {
  testutil::TempDir tmp;
  LogStreamOptions o = Fast();
  o.heartbeat = std::chrono::milliseconds(0);
  o.max_age = std::chrono::hours(1);
  const std::string path = tmp.file("x.log");
  Append(path, "");
  bool ended = false;
  {
    LogStream stream(path, "x", o, [&ended] { ended = true; });
    std::string out;
    EXPECT_TRUE(stream.Poll(&out));
    EXPECT_EQ(out, ": heartbeat\n\n");
  }
  EXPECT_TRUE(ended);
  o.max_age = std::chrono::milliseconds(0);
  LogStream old(path, "x", o, nullptr);
  std::string out;
  EXPECT_FALSE(old.Poll(&out));
  EXPECT_THAT(out, HasSubstr("event: end"));
}

TEST(LogStreamTest, LastLinesKeepsOnlyCompleteOnes) {
  testutil::TempDir tmp;
  const std::string path = tmp.file("x.log");
  Append(path, "1\n\n2\n3\n4");
  EXPECT_EQ(LastLines(path, 2), (std::vector<std::string>{"2", "3"}));
  EXPECT_TRUE(LastLines(tmp.file("none.log"), 2).empty());
}

}  // namespace
}  // namespace wpp::admin
