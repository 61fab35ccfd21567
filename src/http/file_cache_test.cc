#include "http/file_cache.h"

#include <cstdio>
#include <fstream>

#include "gtest/gtest.h"
#include <sys/stat.h>

#include "testutil/test_db.h"

namespace wpp::http {
namespace {

TEST(HttpDateTest, FormatsImfFixdateForEachSecondAskedInTurn) {
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(HttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(HttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(HttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  }
}

std::string Header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) {
      return v;
    }
  }
  return {};
}

TEST(FileCacheTest, TheEtagIsInodeSizeAndMtimeAndFollowsTheFile) {
  testutil::TempDir tmp;
  const std::string path = tmp.file("a.json");
  std::ofstream(path) << R"({"a":1})";
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  char want[80];
  std::snprintf(want, sizeof want, "\"%lx-%lx-%lx\"", static_cast<long>(st.st_ino),
                static_cast<long>(st.st_size), static_cast<long>(st.st_mtime));
  FileCache cache;

  const Response first = cache.Serve(Request{}, path, "application/json", "public");

  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(Header(first, "ETag"), want);
  EXPECT_EQ(Header(first, "Last-Modified"), HttpDate(st.st_mtime));
  ASSERT_TRUE(first.shared_body);
  EXPECT_EQ(*first.shared_body, R"({"a":1})");
  Request again;
  again.headers = {{"if-none-match", want}};
  EXPECT_EQ(cache.Serve(again, path, "application/json", "public").status, 304);

  std::ofstream(path) << R"({"a":12})";
  const Response changed = cache.Serve(again, path, "application/json", "public");

  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(Header(changed, "ETag"), want);
  EXPECT_EQ(*changed.shared_body, R"({"a":12})");
  EXPECT_EQ(cache.Serve(Request{}, tmp.file("missing.json"), "application/json", "public").status,
            404);
}

}  // namespace
}  // namespace wpp::http
