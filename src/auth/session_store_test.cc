#include "auth/session_store.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "base/hash.h"
#include "testutil/fake_clock.h"
#include "testutil/test_db.h"

namespace wpp::auth {
namespace {

class SessionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto user = users_.CreateAdmin("a@example.com", "A", "correct horse battery");
    ASSERT_TRUE(user) << user.error().message();
    user_id_ = user->id;
  }

  std::unique_ptr<db::Database> db_ = testutil::OpenTestDatabase();
  testutil::FakeClock clock_;
  UserStore users_{*db_, clock_};
  SessionStore sessions_{*db_, clock_};
  int64_t user_id_ = 0;
};

TEST_F(SessionStoreTest, OnlyTheTokensHashIsStored) {
  auto token = sessions_.Open(user_id_, std::chrono::minutes(60), "192.0.2.1", "test");
  ASSERT_TRUE(token) << token.error().message();
  EXPECT_EQ(token->size(), 43u);

  auto ids = db_->sql().execAndGet("SELECT group_concat(id) FROM sessions").getString();
  EXPECT_EQ(ids, base::Sha256Hex(*token));
  auto found = sessions_.Find(*token);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->user.email, "a@example.com");
  EXPECT_TRUE((*found)->user.is_admin);
  // The stored hash is not a token.
  EXPECT_FALSE(*sessions_.Find(ids));
}

TEST_F(SessionStoreTest, ExpiresAfterItsLifetime) {
  auto token = sessions_.Open(user_id_, std::chrono::minutes(30), "", "");
  ASSERT_TRUE(token);
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_TRUE(*sessions_.Find(*token));
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_FALSE(*sessions_.Find(*token));
}

TEST_F(SessionStoreTest, ANewLoginEndsTheSessionItReplaces) {
  auto first = sessions_.Open(user_id_, std::chrono::minutes(30), "", "");
  auto second = sessions_.Open(user_id_, std::chrono::minutes(30), "", "", *first);
  ASSERT_TRUE(first && second);
  EXPECT_NE(*first, *second);
  EXPECT_FALSE(*sessions_.Find(*first));
  EXPECT_TRUE(*sessions_.Find(*second));
}

TEST_F(SessionStoreTest, ResetPasswordDemoteAndRevokeEndSessions) {
  auto a = sessions_.Open(user_id_, std::chrono::minutes(30), "", "");
  ASSERT_TRUE(users_.ResetPassword("a@example.com", "another long password").ok());
  EXPECT_FALSE(*sessions_.Find(*a));

  auto b = sessions_.Open(user_id_, std::chrono::minutes(30), "", "");
  ASSERT_TRUE(users_.Demote("a@example.com").ok());
  EXPECT_FALSE(*sessions_.Find(*b));
  EXPECT_FALSE(users_.FindByEmail("a@example.com")->is_admin);

  auto c = sessions_.Open(user_id_, std::chrono::minutes(30), "", "");
  auto d = sessions_.Open(user_id_, std::chrono::minutes(30), "", "");
  auto listed = sessions_.List();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_TRUE(*sessions_.Revoke(base::Sha256Hex(*c)));
  EXPECT_FALSE(*sessions_.Find(*c));
  EXPECT_EQ(*sessions_.RevokeAll(), 1);
  EXPECT_FALSE(*sessions_.Find(*d));
}

TEST(CsrfTokenTest, DiffersPerSessionAndComparesInConstantTime) {
  EXPECT_NE(CsrfTokenFor("a"), CsrfTokenFor("b"));
  EXPECT_EQ(CsrfTokenFor("a"), CsrfTokenFor("a"));
  EXPECT_TRUE(SameSecret("abc", "abc"));
  EXPECT_FALSE(SameSecret("abc", "abd"));
  EXPECT_FALSE(SameSecret("abc", "abcd"));
}

TEST_F(SessionStoreTest, ListsUsers) {
  auto users = users_.List();
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 1u);
  EXPECT_TRUE(users->front().password_hash.empty());
}

}  // namespace
}  // namespace wpp::auth
