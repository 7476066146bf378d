#pragma once

// A first-in first-out queue for what a connection owes in order (e.g. answers to pipelined
// requests) that costs no heap memory while a connection is quiet or serves one request at a
// time: the oldest element lives in place, later ones (a pipelining client's) in a vector
// released as soon as they are drained. (An empty std::deque holds its map and a 512-byte
// node from construction on: 10 000 idle connections paid 5.6 MiB for nothing.)

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace switchyard {

/// FIFO of `T` (default-constructible, movable); `Allocator` serves the spilled elements only.
/// References to elements stay valid until the element is popped, except that pushing may
/// move the elements behind the oldest one (a vector's growth).
template <class T, class Allocator = std::allocator<T>>
class inline_fifo {
public:
  explicit inline_fifo(const Allocator& allocator = Allocator{}) : rest_(allocator) {}

  /// Returns whether the queue holds nothing.
  bool empty() const noexcept { return !first_; }

  /// Returns how many elements are queued.
  std::size_t size() const noexcept { return first_ ? 1 + rest_.size() - head_ : 0; }

  /// Returns the oldest element; the queue must not be empty.
  T& front() noexcept { return *first_; }

  /// Returns the newest element; the queue must not be empty.
  T& back() noexcept { return rest_.size() > head_ ? rest_.back() : *first_; }

  /// Returns the element `i` places behind the oldest; `i` must be below size().
  T& operator[](std::size_t i) noexcept { return i == 0 ? *first_ : rest_[head_ + i - 1]; }

  /// Appends a default-constructed element and returns it.
  T& emplace_back() {
    if (!first_)
      return first_.emplace();
    // Room left by popped elements is reused before the vector grows, so a client that
    // pipelines without pause keeps at most its in-flight elements, not its history.
    if (head_ > 0 && rest_.size() == rest_.capacity()) {
      rest_.erase(rest_.begin(), rest_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
    return rest_.emplace_back();
  }

  /// Removes the oldest element; the queue must not be empty.
  void pop_front() {
    if (head_ == rest_.size()) {
      first_.reset();
      return;
    }
    *first_ = std::move(rest_[head_]);
    rest_[head_] = T{}; // a popped element keeps nothing alive until compaction
    if (++head_ == rest_.size())
      release_rest();
  }

  /// Removes the newest element; the queue must not be empty.
  void pop_back() {
    if (head_ == rest_.size()) {
      first_.reset();
      return;
    }
    rest_.pop_back();
    if (head_ == rest_.size())
      release_rest();
  }

  /// Removes every element and frees the room they had.
  void clear() {
    first_.reset();
    release_rest();
  }

private:
  void release_rest() {
    std::vector<T, Allocator>(rest_.get_allocator()).swap(rest_);
    head_ = 0;
  }

  std::optional<T> first_;
  std::vector<T, Allocator> rest_; ///< the elements behind first_, from rest_[head_] on
  std::size_t head_ = 0;
};

} // namespace switchyard
