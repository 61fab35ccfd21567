#include "base/result.h"

#include <string>

#include "gtest/gtest.h"

namespace wpp::base {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) {
    return Error(ErrorCode::kInvalidArgument, std::to_string(n) + " is odd");
  }
  return n / 2;
}

Result<int> Quarter(int n) {
  WPP_ASSIGN_OR_RETURN(int half, Half(n));
  WPP_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  WPP_RETURN_IF_ERROR(Half(n).status());
  return Status::Ok();
}

TEST(ResultTest, HoldsValueOrError) {
  auto good = Half(8);
  auto bad = Half(7);

  ASSERT_TRUE(good);
  EXPECT_EQ(*good, 4);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message(), "7 is odd");
}

TEST(ResultTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);

  auto result = Quarter(6);

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "3 is odd");
}

TEST(ResultTest, ReturnIfErrorPropagatesStatus) {
  EXPECT_TRUE(CheckEven(2).ok());
  Status status = CheckEven(3);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidArgument);
}

TEST(ErrorTest, AnnotatePrefixesContext) {
  Error error(ErrorCode::kUnavailable, "HTTP 503");

  Error annotated = std::move(error).Annotate("fetch plugin").Annotate("update akismet");

  EXPECT_EQ(annotated.message(), "update akismet: fetch plugin: HTTP 503");
  EXPECT_EQ(annotated.code(), ErrorCode::kUnavailable);
}

TEST(ErrorTest, EveryCodeHasAName) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kNotFound), "not found");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kDataLoss), "data loss");
}

}  // namespace
}  // namespace wpp::base
