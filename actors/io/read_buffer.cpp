#include "actors/io/read_buffer.hpp"

#include <cstring>
#include <vector>

namespace switchyard {

namespace {

// Set when this thread's cache is gone (the thread is ending): blocks given back later are freed.
thread_local bool cache_gone = false;

// Standard blocks given back on this thread, ready for the next connection that reads: a busy
// node takes and gives back without malloc, an idle one keeps at most a few per thread.
struct block_cache {
  std::vector<std::unique_ptr<std::uint8_t[]>> blocks;

  block_cache() { blocks.reserve(read_buffer::cached_per_thread); }

  ~block_cache() { cache_gone = true; }

  block_cache(const block_cache&) = delete;
  block_cache& operator=(const block_cache&) = delete;

  std::unique_ptr<std::uint8_t[]> take() {
    if (blocks.empty())
      // Not zeroed: reads fill what is used.
      return std::unique_ptr<std::uint8_t[]>(new std::uint8_t[read_buffer::standard_size]);
    auto block = std::move(blocks.back());
    blocks.pop_back();
    return block;
  }

  void keep(std::unique_ptr<std::uint8_t[]>& block) noexcept {
    if (blocks.size() < read_buffer::cached_per_thread)
      blocks.push_back(std::move(block));
  }
};

block_cache& this_thread_cache() {
  thread_local block_cache cache;
  return cache;
}

} // namespace

void read_buffer::take() {
  if (data_)
    return;
  data_ = cache_gone ? std::unique_ptr<std::uint8_t[]>(new std::uint8_t[standard_size])
                     : this_thread_cache().take();
  capacity_ = standard_size;
  held_.fetch_add(capacity_, std::memory_order_relaxed);
}

void read_buffer::grow(std::size_t used) {
  if (!data_)
    return take();
  auto room = capacity_ * 2;
  auto bigger = std::unique_ptr<std::uint8_t[]>(new std::uint8_t[room]);
  std::memcpy(bigger.get(), data_.get(), used);
  give_back();
  data_ = std::move(bigger);
  capacity_ = room;
  held_.fetch_add(capacity_, std::memory_order_relaxed);
}

void read_buffer::give_back() noexcept {
  if (!data_)
    return;
  held_.fetch_sub(capacity_, std::memory_order_relaxed);
  if (capacity_ == standard_size && !cache_gone)
    this_thread_cache().keep(data_);
  data_.reset();
  capacity_ = 0;
}

} // namespace switchyard
