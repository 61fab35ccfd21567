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
  auto user = users_.CreateAdmin("a@example.com", "A", "secret");

  ASSERT_TRUE(user) << user.error().message();
  EXPECT_TRUE(user->is_admin);
  EXPECT_THAT(user->password_hash, StartsWith("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(user->password_hash, "secret"));
  EXPECT_FALSE(VerifyPassword(user->password_hash, "Secret"));
}

TEST_F(UserStoreTest, DuplicateEmailIsRejected) {
  ASSERT_TRUE(users_.CreateAdmin("a@example.com", "A", "secret"));

  auto again = users_.CreateAdmin("a@example.com", "B", "other");

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
  auto reset = users_.ResetPassword("ghost@example.com", "x");

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
  ASSERT_TRUE(users_.ResetPassword("u@example.com", "new-password").ok());

  auto user = users_.FindByEmail("u@example.com");
  ASSERT_TRUE(user);
  EXPECT_TRUE(user->is_admin);
  EXPECT_TRUE(VerifyPassword(user->password_hash, "new-password"));
}

TEST_F(UserStoreTest, CleanupDeletesOnlyExpiredSessions) {
  auto user = users_.CreateAdmin("a@example.com", "A", "secret");
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

}  // namespace
}  // namespace wpp::auth
