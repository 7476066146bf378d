#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace switchyard {

/// std::allocator that adds the bytes it holds to a counter, so what buffers hold can be
/// read without walking them (e.g. a listener's read buffers: none while connections are quiet).
template <class T>
class counted_allocator {
public:
  using value_type = T;

  /// Counts in `bytes`, which must outlive every allocation.
  explicit counted_allocator(std::atomic<std::uint64_t>& bytes) noexcept : bytes_(&bytes) {}

  /// Counts in the same counter as `other`.
  template <class U>
  counted_allocator(const counted_allocator<U>& other) noexcept : bytes_(other.counter()) {}

  /// Allocates room for `n` objects and counts it.
  T* allocate(std::size_t n) {
    T* p = std::allocator<T>{}.allocate(n);
    bytes_->fetch_add(n * sizeof(T), std::memory_order_relaxed);
    return p;
  }

  /// Frees `p` (room for `n` objects) and stops counting it.
  void deallocate(T* p, std::size_t n) noexcept {
    bytes_->fetch_sub(n * sizeof(T), std::memory_order_relaxed);
    std::allocator<T>{}.deallocate(p, n);
  }

  /// Returns the counter.
  std::atomic<std::uint64_t>* counter() const noexcept { return bytes_; }

  /// Allocators on the same counter free each other's memory.
  template <class U>
  friend bool operator==(const counted_allocator& a, const counted_allocator<U>& b) noexcept {
    return a.bytes_ == b.counter();
  }

private:
  std::atomic<std::uint64_t>* bytes_;
};

} // namespace switchyard
