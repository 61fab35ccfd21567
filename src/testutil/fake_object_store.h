// FakeObjectStore: an in-memory ObjectStore that records every call in order
// and can be told to fail: the Nth call of a kind, every call of a kind, with
// a timeout (kUnavailable) or a refusal (kPermissionDenied, as a 403 would).
// For tests only.

#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "objectstore/object_store.h"

namespace wpp::testutil {

class FakeObjectStore final : public objectstore::ObjectStore {
 public:
  enum class Op { kPut, kGet, kDelete, kDeleteMany, kList };

  struct Call {
    Op op;
    std::string key;  // DeleteMany: the first key; List: the prefix.
    bool ok = true;
  };

  struct Object {
    std::string bytes{};
    objectstore::PutOptions options{};
  };

  // What a store in trouble answers.
  static base::Error Timeout() {
    return base::Error(base::ErrorCode::kUnavailable, "operation timed out (fake)");
  }
  static base::Error Forbidden() {
    return base::Error(base::ErrorCode::kPermissionDenied,
                       "access to bucket fake denied (HTTP 403 SignatureDoesNotMatch)");
  }

  // The `n`th call of kind `op` from now on (1-based) fails with `error`, and
  // so do the `count - 1` calls of that kind after it.
  void FailNth(Op op, int n, base::Error error, int count = 1) {
    std::lock_guard lock(mu_);
    faults_.push_back({op, Count(op) + n, Count(op) + n + count - 1, std::move(error)});
  }
  // Every later call of kind `op` fails until Heal().
  void FailAll(Op op, base::Error error) {
    std::lock_guard lock(mu_);
    faults_.push_back({op, Count(op) + 1, 1 << 30, std::move(error)});
  }
  void Heal() {
    std::lock_guard lock(mu_);
    faults_.clear();
  }

  base::Status Put(std::string_view key, std::string_view bytes,
                   const objectstore::PutOptions& options) override {
    std::lock_guard lock(mu_);
    if (auto fault = Record(Op::kPut, key)) {
      return *fault;
    }
    objects_[std::string(key)] = Object{std::string(bytes), options};
    return base::Status::Ok();
  }

  base::Result<std::string> Get(std::string_view key) override {
    std::lock_guard lock(mu_);
    if (auto fault = Record(Op::kGet, key)) {
      return *fault;
    }
    auto it = objects_.find(std::string(key));
    if (it == objects_.end()) {
      return base::Error(base::ErrorCode::kNotFound, "no object " + std::string(key));
    }
    return it->second.bytes;
  }

  base::Status Delete(std::string_view key) override {
    std::lock_guard lock(mu_);
    if (auto fault = Record(Op::kDelete, key)) {
      return *fault;
    }
    objects_.erase(std::string(key));
    return base::Status::Ok();
  }

  base::Result<std::vector<std::string>> DeleteMany(const std::vector<std::string>& keys) override {
    std::lock_guard lock(mu_);
    if (auto fault = Record(Op::kDeleteMany, keys.empty() ? "" : keys.front())) {
      return *fault;
    }
    for (const std::string& key : keys) {
      objects_.erase(key);
    }
    return std::vector<std::string>{};
  }

  base::Result<std::vector<objectstore::ObjectInfo>> List(std::string_view prefix) override {
    std::lock_guard lock(mu_);
    if (auto fault = Record(Op::kList, prefix)) {
      return *fault;
    }
    std::vector<objectstore::ObjectInfo> out;
    for (auto it = objects_.lower_bound(std::string(prefix));
         it != objects_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      out.push_back({it->first, static_cast<int64_t>(it->second.bytes.size())});
    }
    return out;
  }

  // Inspection.
  std::map<std::string, Object> objects() const {
    std::lock_guard lock(mu_);
    return objects_;
  }
  std::vector<Call> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }
  // Successful calls of kind `op`.
  int Succeeded(Op op) const {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const Call& call : calls_) {
      n += call.op == op && call.ok ? 1 : 0;
    }
    return n;
  }
  void ClearCalls() {
    std::lock_guard lock(mu_);
    calls_.clear();
    counts_.clear();
    faults_.clear();
  }
  // Puts an object without recording a call (test setup).
  void Seed(const std::string& key, std::string bytes) {
    std::lock_guard lock(mu_);
    objects_[key] = Object{std::move(bytes), {}};
  }

 private:
  struct Fault {
    Op op;
    int first;
    int last;
    base::Error error;
  };

  int Count(Op op) const {
    auto it = counts_.find(op);
    return it == counts_.end() ? 0 : it->second;
  }

  // Counts the call and returns the error it must fail with, if any.
  std::optional<base::Error> Record(Op op, std::string_view key) {
    const int n = ++counts_[op];
    for (const Fault& fault : faults_) {
      if (fault.op == op && n >= fault.first && n <= fault.last) {
        calls_.push_back({op, std::string(key), false});
        return fault.error;
      }
    }
    calls_.push_back({op, std::string(key), true});
    return std::nullopt;
  }

  mutable std::mutex mu_;
  std::map<std::string, Object> objects_;  // Guarded by mu_.
  std::vector<Call> calls_;                // Guarded by mu_.
  std::map<Op, int> counts_;               // Guarded by mu_.
  std::vector<Fault> faults_;              // Guarded by mu_.
};

}  // namespace wpp::testutil
