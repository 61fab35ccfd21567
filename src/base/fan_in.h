// FanIn: many producer threads, one consumer (the calling thread). The shape
// of update and check-status: N workers fetch from WordPress.org while one
// writer batches the results into the database.

#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <optional>
#include <thread>
#include <vector>

#include "base/bounded_queue.h"

namespace wpp::base {

// Calls produce(i) for every i in [0, count) on `workers` threads, handing
// out indices in order and none once stopping() is true; each value it
// returns (nullopt: nothing) is queued. Meanwhile the calling thread calls
// consume(batch) with up to `batch` queued values at a time. Returns when
// every worker is done and everything queued was consumed.
template <typename T, typename Produce, typename Stopping, typename Consume>
void FanIn(int workers, size_t count, size_t batch, Stopping stopping, Produce produce,
           Consume consume) {
  BoundedQueue<T> queue(std::max<size_t>(batch * 2, static_cast<size_t>(workers) * 4));
  std::atomic<size_t> next{0};
  std::atomic<int> running{workers};
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(workers));
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < count && !stopping(); i = next++) {
        if (std::optional<T> value = produce(i)) {
          queue.Push(std::move(*value));
        }
      }
      if (--running == 0) {
        queue.Close();
      }
    });
  }
  std::vector<T> items;
  while (queue.PopBatch(batch, &items)) {
    consume(items);
  }
  for (auto& thread : threads) {
    thread.join();
  }
}

}  // namespace wpp::base
