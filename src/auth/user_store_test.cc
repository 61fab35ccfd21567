#include "auth/user_store.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "auth/password.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::auth {
namespace {

using ::testing::StartsWith;

class UserStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  testutil::FakeClock clock_;
  UserStore users_{*db_, clock_};
};

TEST_F(UserStoreTest, CreateAdminStoresAnArgon2idHash) {
  auto user = users_.CreateAdmin("a@example.com", "A", "correct horse");

  ASSERT_TRUE(user) << user.error().message();
  EXPECT_TRUE(user->is_admin);
  EXPECT_THAT(user->password_hash, StartsWith("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(user->password_hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(user->password_hash, "Correct horse"));
}

TEST_F(UserStoreTest, DuplicateEmailIsRejected) {
  ASSERT_TRUE(users_.CreateAdmin("a@example.com", "A", "correct horse"));

  auto again = users_.CreateAdmin("a@example.com", "B", "other password");

  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), base::ErrorCode::kAlreadyExists);
}

TEST_F(UserStoreTest, EmptyPasswordIsRejected) {
  auto user = users_.CreateAdmin("a@example.com", "A", "");

  ASSERT_FALSE(user);
  EXPECT_EQ(user.error().message(), "password cannot be empty");
  EXPECT_FALSE(users_.FindByEmail("a@example.com"));
}

TEST_F(UserStoreTest, PromoteAndResetNeedAKnownEmail) {
  auto promote = users_.Promote("ghost@example.com");
  auto reset = users_.ResetPassword("ghost@example.com", "long enough password");

  ASSERT_FALSE(promote.ok());
  EXPECT_EQ(promote.error().message(), "no user found with email ghost@example.com");
  ASSERT_FALSE(reset.ok());
  EXPECT_EQ(reset.error().code(), base::ErrorCode::kNotFound);
}

TEST_F(UserStoreTest, PromoteSetsAdminAndResetChangesThePassword) {
  ASSERT_TRUE(db_->Exec("INSERT INTO users (email, name, password_hash, is_admin, created_at, "
                        "updated_at) VALUES ('u@example.com', 'U', 'x', 0, 'x', 'x')")
                  .ok());

  ASSERT_TRUE(users_.Promote("u@example.com").ok());
  ASSERT_TRUE(users_.ResetPassword("u@example.com", "a new password!").ok());

  auto user = users_.FindByEmail("u@example.com");
  ASSERT_TRUE(user);
  EXPECT_TRUE(user->is_admin);
  EXPECT_TRUE(VerifyPassword(user->password_hash, "a new password!"));
}

TEST_F(UserStoreTest, CleanupDeletesOnlyExpiredSessions) {
  auto user = users_.CreateAdmin("a@example.com", "A", "correct horse");
  ASSERT_TRUE(user);
  const std::string id = std::to_string(user->id);
  ASSERT_TRUE(db_->Exec("INSERT INTO sessions (id, user_id, expires_at, created_at, updated_at) "
                        "VALUES ('old', " +
                        id +
                        ", '2026-03-13T13:59:59Z', 'x', 'x'), "
                        "('new', " +
                        id + ", '2026-03-13T14:00:01Z', 'x', 'x')")
                  .ok());

  auto deleted = users_.DeleteExpiredSessions();

  ASSERT_TRUE(deleted);
  EXPECT_EQ(*deleted, 1);
  EXPECT_EQ(db_->sql().execAndGet("SELECT id FROM sessions").getString(), "new");
}

TEST(TokenTest, TokensAreLongAndDistinct) {
  const std::string a = NewToken();
  const std::string b = NewToken();

  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
}

TEST(CheckEmailTest, AcceptsAddressesAndRefusesTheRest) {
  for (const char* good : {"a@example.com", "first.last+tag@sub.example.org"}) {
    EXPECT_TRUE(CheckEmail(good).ok()) << good;
  }
  for (const char* bad : {"", "admin", "@example.com", "a@", "a@example", "a@.com", "a@example.",
                          "a b@example.com", "a@b@example.com", "a@exa\tmple.com"}) {
    EXPECT_FALSE(CheckEmail(bad).ok()) << bad;
  }
  EXPECT_FALSE(CheckEmail(std::string(250, 'a') + "@example.com").ok());
}

TEST(CheckPasswordTest, CountsCharactersNotBytes) {
  EXPECT_FALSE(CheckPassword("").ok());
  EXPECT_EQ(CheckPassword("short").error().message(),
            "password must be at least 12 characters long");
  EXPECT_FALSE(
      CheckPassword("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9").ok());  // 14 bytes, 7 characters.
  EXPECT_TRUE(CheckPassword("twelve chars").ok());
}

TEST_F(UserStoreTest, CreateAndResetRefuseShortPasswordsAndBadEmails) {
  EXPECT_EQ(users_.CreateAdmin("a@example.com", "A", "short").error().code(),
            base::ErrorCode::kInvalidArgument);
  EXPECT_EQ(users_.CreateAdmin("not-an-email", "A", "long enough password").error().code(),
            base::ErrorCode::kInvalidArgument);
  ASSERT_TRUE(users_.CreateAdmin("a@example.com", "A", "long enough password"));
  EXPECT_FALSE(users_.ResetPassword("a@example.com", "short").ok());
}

}  // namespace
}  // namespace wpp::auth
