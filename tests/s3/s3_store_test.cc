// ObjectStore against a real S3 server (s3rver) with every request's SigV4
// signature checked by botocore (sigv4_proxy.py). Run through harness.py.

#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "s3_test_support.h"

namespace wpp::s3test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class S3StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Env("S3_TEST_CONTROL").empty()) << "run through tests/s3/harness.py";
    Proxy::Post("reset");
  }
  void TearDown() override { EXPECT_EQ(Proxy::Rejections(), 0u) << Proxy::Stats().dump(); }

  std::unique_ptr<objectstore::ObjectStore> store_ = Store(Options("repo"));
};

TEST_F(S3StoreTest, PutGetListDeleteWithKeysThatNeedEncoding) {
  const std::vector<std::string> keys = {
      "crud/p2/wp-plugin/a~dev.json", "crud/p2/wp-plugin/with space+plus&amp.json",
      "crud/p2/wp-plugin/ünïcode.json", "crud/p2/wp-theme/t.json"};
  for (const auto& key : keys) {
    ASSERT_TRUE(
        store_->Put(key, "{\"k\":\"" + key + "\"}", {.cache_control = "public, max-age=300"}))
        << key;
  }
  for (const auto& key : keys) {
    auto bytes = store_->Get(key);
    ASSERT_TRUE(bytes) << key << ": " << bytes.error().message();
    EXPECT_EQ(*bytes, "{\"k\":\"" + key + "\"}");
  }
  auto listed = store_->List("crud/p2/wp-plugin/with space");
  ASSERT_TRUE(listed) << listed.error().message();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].key, "crud/p2/wp-plugin/with space+plus&amp.json");

  ASSERT_TRUE(store_->Delete("crud/p2/wp-plugin/a~dev.json"));
  ASSERT_TRUE(store_->Delete("crud/p2/wp-plugin/never-existed.json"));
  auto gone = store_->Get("crud/p2/wp-plugin/a~dev.json");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), base::ErrorCode::kNotFound);

  auto failed = store_->DeleteMany({keys[1], keys[2]});
  ASSERT_TRUE(failed) << failed.error().message();
  EXPECT_TRUE(failed->empty());
  listed = store_->List("crud/");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].key, "crud/p2/wp-theme/t.json");
}

TEST_F(S3StoreTest, LargeBodiesGoThroughExpectContinue) {
  std::string big(3 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) {
    big[i] = static_cast<char>((i * 2654435761u) >> 24);
  }
  ASSERT_TRUE(store_->Put("large/blob.bin", big, {.content_type = "application/octet-stream"}));
  auto bytes = store_->Get("large/blob.bin");
  ASSERT_TRUE(bytes) << bytes.error().message();
  EXPECT_TRUE(*bytes == big);
}

TEST_F(S3StoreTest, ListFollowsContinuationPastAThousandKeys) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < 1005; i += 8) {
        EXPECT_TRUE(store_->Put("many/k" + std::to_string(10000 + i), "x", {}));
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  auto listed = store_->List("many/");
  ASSERT_TRUE(listed) << listed.error().message();
  EXPECT_EQ(listed->size(), 1005u);
  EXPECT_EQ(listed->back().key, "many/k11004");
}

TEST_F(S3StoreTest, ARequestSignedWithTheWrongSecretIsRejectedByTheChecker) {
  auto options = Options("repo");
  options.secret_access_key = "not-the-secret";
  auto bad = Store(options);

  auto status = bad->Put("wrong/secret.json", "{}", {});

  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), base::ErrorCode::kPermissionDenied);
  EXPECT_THAT(status.error().message(), HasSubstr("bucket repo"));
  EXPECT_THAT(status.error().message(), ::testing::Not(HasSubstr("not-the-secret")));
  EXPECT_EQ(Proxy::Rejections(), 1u);  // The checker, not s3rver, refused it.
  Proxy::Post("ack");
  EXPECT_FALSE(store_->Get("wrong/secret.json"));
}

TEST_F(S3StoreTest, MissingBucketIsNotFound) {
  auto store = Store(Options("no-such-bucket"));
  auto listed = store->List("p2/");
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().code(), base::ErrorCode::kNotFound);
  EXPECT_THAT(listed.error().message(), HasSubstr("bucket no-such-bucket does not exist"));
}

TEST_F(S3StoreTest, VirtualHostedAddressingWorks) {
  auto options = Options("repo");
  options.path_style = false;
  const std::string endpoint = options.endpoint;  // http://127.0.0.1:<port>
  options.endpoint = "http://localhost" + endpoint.substr(endpoint.rfind(':'));
  auto store = Store(options);

  ASSERT_TRUE(store->Put("vhost/p2/wp-plugin/v~dev.json", "vh", {}));
  auto bytes = store_->Get("vhost/p2/wp-plugin/v~dev.json");  // Read back path-style.
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, "vh");
  auto listed = store->List("vhost/");
  ASSERT_TRUE(listed) << listed.error().message();
  EXPECT_EQ(listed->size(), 1u);
}

TEST_F(S3StoreTest, ServerErrorsAreRetried) {
  Proxy::Fault("PUT", "retry/", 1, 2, "500");
  ASSERT_TRUE(store_->Put("retry/a.json", "r", {}));
  EXPECT_THAT(Proxy::Requests(), ElementsAre("PUT /repo/retry/a.json")) << Proxy::Stats().dump();
  EXPECT_EQ(Proxy::Stats()["requests"].size(), 3u);
}

TEST_F(S3StoreTest, TimeoutsAreRetriedThenReportedAsUnavailable) {
  auto options = Options("repo");
  options.timeout = std::chrono::milliseconds(1000);  // Generous: CI machines are busy.
  auto store = Store(options);
  Proxy::Fault("PUT", "slow/once", 1, 1, "timeout", 2.5);
  ASSERT_TRUE(store->Put("slow/once.json", "s", {}));

  Proxy::Fault("PUT", "slow/always", 1, 3, "timeout", 2.5);
  auto status = store->Put("slow/always.json", "s", {});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), base::ErrorCode::kUnavailable);
  EXPECT_THAT(status.error().message(), HasSubstr("3 attempts"));
}

TEST_F(S3StoreTest, ForbiddenAnswerIsPermissionDeniedAndNotRetried) {
  Proxy::Fault("GET", "denied/", 1, 1, "403");
  auto bytes = store_->Get("denied/x.json");
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code(), base::ErrorCode::kPermissionDenied);
  EXPECT_EQ(Proxy::Stats()["requests"].size(), 1u);
}

}  // namespace
}  // namespace wpp::s3test
