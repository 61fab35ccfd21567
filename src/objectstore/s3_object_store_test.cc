#include "objectstore/s3_object_store.h"

#include <atomic>
#include <functional>
#include <mutex>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "base/hash.h"
#include "testutil/fake_clock.h"

namespace wpp::objectstore {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Answers every request through a handler and records what it was sent.
class ScriptedHttp final : public io::HttpClient {
 public:
  using Handler = std::function<base::Result<io::HttpResponse>(const io::HttpRequest&)>;
  explicit ScriptedHttp(Handler handler) : handler_(std::move(handler)) {}

  base::Result<io::HttpResponse> Send(const io::HttpRequest& request) override {
    std::lock_guard lock(mu_);
    sent_.push_back(request);
    return handler_(request);
  }
  std::vector<io::HttpRequest> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }

 private:
  std::mutex mu_;
  Handler handler_;
  std::vector<io::HttpRequest> sent_;
};

io::HttpResponse Answer(int status, std::string body = "") {
  return {.status = status, .headers = {}, .body = std::move(body)};
}

S3Options TestOptions() {
  S3Options options;
  options.endpoint = "http://127.0.0.1:9/";
  options.bucket = "repo";
  options.access_key_id = "AKID";
  options.secret_access_key = "very-secret-value";
  return options;
}

std::string HeaderOf(const io::HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) {
      return v;
    }
  }
  return "<none>";
}

class S3ObjectStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<ObjectStore> Make(ScriptedHttp& http, S3Options options = TestOptions()) {
    auto store = NewS3ObjectStore(http, clock_, std::move(options));
    EXPECT_TRUE(store) << store.error().message();
    return std::move(store).value();
  }
  testutil::FakeClock clock_;
};

TEST_F(S3ObjectStoreTest, PutSignsWithRegionAndSendsContentHashAndHeaders) {
  ScriptedHttp http([](const io::HttpRequest&) { return Answer(200); });
  auto store = Make(http);

  ASSERT_TRUE(
      store->Put("p2/wp-plugin/a~dev.json", "{}",
                 {.content_type = "application/json", .cache_control = "public, max-age=300"}));

  const auto sent = http.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "PUT");
  EXPECT_EQ(sent[0].url, "http://127.0.0.1:9/repo/p2/wp-plugin/a~dev.json");
  EXPECT_EQ(sent[0].aws_sigv4, "aws:amz:auto:s3");
  EXPECT_EQ(sent[0].userpwd, "AKID:very-secret-value");
  EXPECT_EQ(HeaderOf(sent[0], "x-amz-content-sha256"), base::Sha256Hex("{}"));
  EXPECT_EQ(HeaderOf(sent[0], "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(sent[0], "Cache-Control"), "public, max-age=300");
}

TEST_F(S3ObjectStoreTest, RetriesServerErrorsAndTimeoutsWithDoublingDelay) {
  int calls = 0;
  ScriptedHttp http([&](const io::HttpRequest&) -> base::Result<io::HttpResponse> {
    ++calls;
    if (calls == 1) {
      return Answer(503);
    }
    if (calls == 2) {
      return base::Error(base::ErrorCode::kUnavailable, "timed out");
    }
    return Answer(200);
  });
  auto store = Make(http);

  ASSERT_TRUE(store->Put("k", "v", {}));
  EXPECT_EQ(calls, 3);
  EXPECT_THAT(clock_.sleeps(), ElementsAre(milliseconds(1000), milliseconds(2000)));
}

TEST_F(S3ObjectStoreTest, GivesUpAfterThreeAttempts) {
  ScriptedHttp http([](const io::HttpRequest&) { return Answer(500); });
  auto store = Make(http);

  auto status = store->Put("k", "v", {});

  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), base::ErrorCode::kUnavailable);
  EXPECT_EQ(http.sent().size(), 3u);
}

TEST_F(S3ObjectStoreTest, AStopRequestDuringARetryWaitReturnsTheLastFailure) {
  ScriptedHttp http([](const io::HttpRequest&) -> base::Result<io::HttpResponse> {
    return base::Error(base::ErrorCode::kUnavailable, "timed out");
  });
  std::atomic<bool> stop{false};
  S3Options options = TestOptions();
  options.stop = &stop;
  auto store = Make(http, options);
  clock_.set_on_sleep([&stop](milliseconds) { stop = true; });  // SIGTERM while waiting.
  const auto start = clock_.Now();

  auto status = store->Put("k", "v", {});

  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), base::ErrorCode::kUnavailable);
  EXPECT_THAT(status.error().message(), HasSubstr("1 attempts, stopped"));
  EXPECT_EQ(http.sent().size(), 1u);
  EXPECT_EQ(clock_.Now(), start);  // The wait was cut short.
}

TEST_F(S3ObjectStoreTest, AStopRequestAlsoEndsRetriesOfServerErrors) {
  ScriptedHttp http([](const io::HttpRequest&) { return Answer(503); });
  std::atomic<bool> stop{true};
  S3Options options = TestOptions();
  options.stop = &stop;
  auto store = Make(http, options);

  auto status = store->Put("k", "v", {});

  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), base::ErrorCode::kUnavailable);
  EXPECT_EQ(http.sent().size(), 1u);
}

TEST_F(S3ObjectStoreTest, WrongCredentialsAreNotRetriedAndNeverEchoTheSecret) {
  ScriptedHttp http([](const io::HttpRequest&) {
    return Answer(403, "<Error><Code>SignatureDoesNotMatch</Code></Error>");
  });
  auto store = Make(http);

  auto status = store->Put("k", "v", {});

  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), base::ErrorCode::kPermissionDenied);
  EXPECT_THAT(status.error().message(), HasSubstr("bucket repo"));
  EXPECT_THAT(status.error().message(), Not(HasSubstr("very-secret-value")));
  EXPECT_EQ(http.sent().size(), 1u);
}

TEST_F(S3ObjectStoreTest, MissingBucketIsNotFoundAndMissingKeyDeleteSucceeds) {
  ScriptedHttp http([](const io::HttpRequest& r) {
    if (r.method == "DELETE") {
      return Answer(404, "<Error><Code>NoSuchKey</Code></Error>");
    }
    return Answer(404, "<Error><Code>NoSuchBucket</Code></Error>");
  });
  auto store = Make(http);

  auto listed = store->List("p2/");
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().code(), base::ErrorCode::kNotFound);
  EXPECT_TRUE(store->Delete("p2/gone.json"));
}

TEST_F(S3ObjectStoreTest, ListFollowsContinuationTokensWithCanonicalQueries) {
  ScriptedHttp http([](const io::HttpRequest& r) {
    if (r.url.find("continuation-token") == std::string::npos) {
      return Answer(200,
                    "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>p2/a.json"
                    "</Key><Size>1</Size></Contents><NextContinuationToken>t/2</"
                    "NextContinuationToken></ListBucketResult>");
    }
    return Answer(200,
                  "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>p2/b~dev.json"
                  "</Key><Size>2</Size></Contents></ListBucketResult>");
  });
  auto store = Make(http);

  auto listed = store->List("p2/");

  ASSERT_TRUE(listed) << listed.error().message();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[1].key, "p2/b~dev.json");
  const auto sent = http.sent();
  EXPECT_EQ(sent[0].url, "http://127.0.0.1:9/repo?list-type=2&prefix=p2%2F");
  EXPECT_EQ(sent[1].url,
            "http://127.0.0.1:9/repo?continuation-token=t%2F2&list-type=2&prefix=p2%2F");
}

TEST_F(S3ObjectStoreTest, DeleteManyBatchesAThousandKeysAndReportsFailures) {
  ScriptedHttp http([](const io::HttpRequest&) {
    return Answer(200,
                  "<DeleteResult><Error><Key>k7</Key><Code>AccessDenied</Code></Error>"
                  "</DeleteResult>");
  });
  auto store = Make(http);
  std::vector<std::string> keys;
  for (int i = 0; i < 1500; ++i) {
    keys.push_back("k" + std::to_string(i));
  }

  auto failed = store->DeleteMany(keys);

  ASSERT_TRUE(failed) << failed.error().message();
  EXPECT_THAT(*failed, ElementsAre("k7", "k7"));  // One per request in this script.
  const auto sent = http.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "POST");
  EXPECT_EQ(sent[0].url, "http://127.0.0.1:9/repo?delete=");
  EXPECT_NE(HeaderOf(sent[0], "Content-MD5"), "<none>");
}

TEST_F(S3ObjectStoreTest, VirtualHostedAddressingPutsTheBucketInTheHost) {
  ScriptedHttp http([](const io::HttpRequest&) { return Answer(200, "x"); });
  S3Options options = TestOptions();
  options.path_style = false;
  options.endpoint = "http://localhost:9";
  auto store = Make(http, options);

  ASSERT_TRUE(store->Get("p2/a.json"));
  EXPECT_EQ(http.sent()[0].url, "http://repo.localhost:9/p2/a.json");
}

TEST(S3OptionsFromConfigTest, NamesTheMissingVariable) {
  config::R2Config r2;
  r2.endpoint = "https://example.net";
  r2.access_key_id = "AKID";
  auto options = S3OptionsFromConfig(r2, "repo");
  ASSERT_FALSE(options);
  EXPECT_THAT(options.error().message(), HasSubstr("R2_SECRET_ACCESS_KEY"));
  r2.secret_access_key = "s";
  r2.concurrency = 0;
  options = S3OptionsFromConfig(r2, "repo");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->region, "auto");
  EXPECT_EQ(options->max_in_flight, 50);
}

}  // namespace
}  // namespace wpp::objectstore
