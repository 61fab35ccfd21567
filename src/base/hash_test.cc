#include "base/hash.h"

#include <random>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/strings.h"

namespace wpp::base {
namespace {

TEST(HashTest, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  // RFC 4231 test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 4231 test case 6: a 131-byte key, longer than the block.
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// Our HMAC against OpenSSL's own, for keys around the block size and
// digests interleaved on one thread's context.
TEST(HashTest, HmacMatchesOpenSslForEveryKeyLength) {
  std::mt19937 random(3);
  for (size_t key_size = 0; key_size <= 130; ++key_size) {
    std::string key(key_size, '\0');
    std::string data(random() % 300, '\0');
    for (char& c : key)
      c = static_cast<char>(random());
    for (char& c : data)
      c = static_cast<char>(random());
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
    EXPECT_EQ(HmacSha256Hex(key, data), HexEncode(std::string(reinterpret_cast<char*>(out), len)))
        << key_size;
  }
}

TEST(HashTest, ThreadsHashAtOnce) {
  std::vector<std::thread> threads;
  std::vector<std::string> got(4);
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&got, t] {
      for (int i = 0; i < 2000; ++i) {
        got[t] = HmacSha256Hex("k", Sha256Raw(std::to_string(i)));
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  for (const std::string& g : got) {
    EXPECT_EQ(g, HmacSha256Hex("k", Sha256Raw("1999")));
  }
}

}  // namespace
}  // namespace wpp::base
