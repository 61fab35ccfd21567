// BoundedQueue: the hand-off between fetch workers and the single database
// writer. Producers block while it is full, so memory stays bounded however
// far the network runs ahead of the disk. Thread-safe.

#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

namespace wpp::ingest {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Blocks while the queue is full. Items pushed after Close are dropped.
  void Push(T item) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) {
      return;
    }
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }

  // Moves up to `max` items into `out` (cleared first), waiting until at
  // least one is there. Returns false once the queue is closed and empty.
  bool PopBatch(size_t max, std::vector<T>* out) {
    out->clear();
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    while (!items_.empty() && out->size() < max) {
      out->push_back(std::move(items_.front()));
      items_.pop_front();
    }
    not_full_.notify_all();
    return !out->empty();
  }

  // No more items will come; PopBatch drains what is left, then returns false.
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> items_;  // Guarded by mu_.
  bool closed_ = false;  // Guarded by mu_.
};

}  // namespace wpp::ingest
