#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace switchyard {

/// The bytes a connection has read and not yet handled. It holds memory only while data is
/// there: taken from a per-thread cache when data arrives and given back when everything read
/// is handled, so a quiet connection holds none. Used on one connection's strand at a time.
class read_buffer {
public:
  /// The size memory is taken in: room for a burst of pipelined messages in one read.
  static constexpr std::size_t standard_size = 16 * 1024;

  /// How many standard blocks one thread keeps for the next connection that needs one.
  static constexpr std::size_t cached_per_thread = 16;

  /// An empty buffer; the bytes it holds are added to `held` (which must outlive it).
  explicit read_buffer(std::atomic<std::uint64_t>& held) noexcept : held_(held) {}

  ~read_buffer() { give_back(); }

  read_buffer(const read_buffer&) = delete;
  read_buffer& operator=(const read_buffer&) = delete;

  /// Returns true while memory is held.
  bool is_held() const noexcept { return data_ != nullptr; }

  /// Returns the memory held (null when none).
  std::uint8_t* data() noexcept { return data_.get(); }

  /// Returns how many bytes the memory held has room for (0 when none).
  std::size_t capacity() const noexcept { return capacity_; }

  /// Holds memory of at least standard_size bytes (keeps what is held already).
  void take();

  /// Doubles the room, keeping the first `used` bytes.
  void grow(std::size_t used);

  /// Gives the memory back; what it held is dropped.
  void give_back() noexcept;

private:
  std::atomic<std::uint64_t>& held_;
  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t capacity_ = 0;
};

} // namespace switchyard
