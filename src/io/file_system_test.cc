#include "io/file_system.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "testutil/faulty_file_system.h"
#include "testutil/test_db.h"

namespace wpp::io {
namespace {

namespace fs = std::filesystem;
using base::ErrorCode;
using testutil::FaultyFileSystem;

class FileSystemTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) const { return (tmp_.path() / name).string(); }

  FileSystem& posix_ = FileSystem::Default();
  testutil::TempDir tmp_;
};

base::Status Write(FileSystem& file_system, const std::string& path, std::string_view bytes,
                   CreateMode mode) {
  WPP_ASSIGN_OR_RETURN(const int fd, file_system.OpenForWrite(kWorkingDir, path, mode));
  base::Status written = file_system.WriteAll(fd, bytes, path);
  base::Status closed = file_system.Close(fd, path);
  return written.ok() ? closed : written;
}

TEST_F(FileSystemTest, ExclusiveCreateRefusesAnExistingNameAndTruncateReplaces) {
  ASSERT_TRUE(Write(posix_, Path("a"), "first", CreateMode::kExclusive).ok());

  base::Status again = Write(posix_, Path("a"), "second", CreateMode::kExclusive);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  ASSERT_TRUE(Write(posix_, Path("a"), "2", CreateMode::kTruncate).ok());

  auto read = posix_.ReadFile(kWorkingDir, Path("a"));
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, "2");
  EXPECT_EQ(posix_.ReadFile(kWorkingDir, Path("missing")).error().code(), ErrorCode::kNotFound);
}

TEST_F(FileSystemTest, NamesResolveAgainstAnOpenDirectory) {
  ASSERT_TRUE(posix_.MakeDir(Path("d")).ok());
  EXPECT_EQ(posix_.MakeDir(Path("d")).error().code(), ErrorCode::kAlreadyExists);
  auto dir = posix_.OpenDir(Path("d"));
  ASSERT_TRUE(dir);
  auto fd = posix_.OpenForWrite(*dir, "f", CreateMode::kExclusive);
  ASSERT_TRUE(fd);
  ASSERT_TRUE(posix_.WriteAll(*fd, "x", "f").ok());
  ASSERT_TRUE(posix_.Sync(*fd, "f").ok());
  ASSERT_TRUE(posix_.Close(*fd, "f").ok());
  ASSERT_TRUE(posix_.Rename(*dir, "f", *dir, "g").ok());

  auto info = posix_.Stat(*dir, "g", true);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->type, FileType::kRegular);
  EXPECT_EQ(posix_.Stat(*dir, "f", true).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(posix_.Sync(*dir, "d").ok());
  ASSERT_TRUE(posix_.Unlink(*dir, "g").ok());
  EXPECT_EQ(posix_.Unlink(*dir, "g").error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(posix_.Close(*dir, "d").ok());
}

TEST_F(FileSystemTest, ListsLinksAndRemovesTrees) {
  ASSERT_TRUE(posix_.MakeDirs(Path("t/u/v")).ok());
  ASSERT_TRUE(posix_.MakeDirs(Path("t/u/v")).ok());
  ASSERT_TRUE(Write(posix_, Path("t/file"), "x", CreateMode::kExclusive).ok());
  ASSERT_TRUE(posix_.Symlink("u", Path("t/link")).ok());
  ASSERT_TRUE(posix_.Link(Path("t/file"), Path("t/hard")).ok());

  std::set<std::string> names;
  ASSERT_TRUE(posix_
                  .ListDir(Path("t"),
                           [&](std::string_view name, FileType type) {
                             names.insert(std::string(name) +
                                          (type == FileType::kDirectory ? "/" : ""));
                           })
                  .ok());
  EXPECT_EQ(names, (std::set<std::string>{"u/", "file", "link", "hard"}));
  EXPECT_EQ(*posix_.ReadLink(Path("t/link")), "u");
  EXPECT_EQ(posix_.Stat(kWorkingDir, Path("t/link"), false)->type, FileType::kSymlink);
  EXPECT_EQ(posix_.Stat(kWorkingDir, Path("t/link"), true)->type, FileType::kDirectory);
  EXPECT_EQ(posix_.ListDir(Path("none"), [](std::string_view, FileType) {}).error().code(),
            ErrorCode::kNotFound);

  ASSERT_TRUE(posix_.RemoveAll(Path("t")).ok());
  EXPECT_FALSE(fs::exists(Path("t")));
  EXPECT_TRUE(posix_.RemoveAll(Path("t")).ok());
}

TEST_F(FileSystemTest, FaultyFileSystemFailsTheNthOperationOnce) {
  FaultyFileSystem faulty;
  faulty.FailNth(FaultyFileSystem::Op::kWrite, 2);
  ASSERT_TRUE(Write(faulty, Path("a"), "abcd", CreateMode::kExclusive).ok());

  base::Status torn = Write(faulty, Path("b"), "abcd", CreateMode::kExclusive);
  ASSERT_FALSE(torn.ok());
  EXPECT_EQ(torn.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(*posix_.ReadFile(kWorkingDir, Path("b")), "ab");  // Torn halfway.
  EXPECT_TRUE(Write(faulty, Path("c"), "abcd", CreateMode::kExclusive).ok());
  EXPECT_EQ(faulty.faults(), 1);
  EXPECT_EQ(faulty.count(FaultyFileSystem::Op::kWrite), 3);
  EXPECT_EQ(faulty.count(FaultyFileSystem::Op::kOpenForWrite), 3);
  EXPECT_EQ(faulty.count(FaultyFileSystem::Op::kClose), 3);
  EXPECT_EQ(faulty.mutations(), 6);  // Opens and writes; closing changes nothing.
}

TEST_F(FileSystemTest, FaultyFileSystemFailsTheNthMutationOfAnyKind) {
  FaultyFileSystem faulty;
  faulty.FailNthMutation(3);
  ASSERT_TRUE(faulty.MakeDir(Path("d")).ok());  // The first mutation.

  // Opening is the second, writing the third.
  EXPECT_FALSE(Write(faulty, Path("d/a"), "x", CreateMode::kExclusive).ok());

  EXPECT_EQ(faulty.faults(), 1);
  EXPECT_TRUE(faulty.Rename(kWorkingDir, Path("d/a"), kWorkingDir, Path("d/b")).ok());
  EXPECT_TRUE(posix_.ReadFile(kWorkingDir, Path("d/b")));
  EXPECT_TRUE(faulty.ReadFile(kWorkingDir, Path("d/b")));
  EXPECT_EQ(faulty.mutations(), 4);  // Reads are counted, but not as mutations.
  EXPECT_EQ(faulty.count(FaultyFileSystem::Op::kReadFile), 1);
  EXPECT_EQ(faulty.faults(), 1);
}

}  // namespace
}  // namespace wpp::io
