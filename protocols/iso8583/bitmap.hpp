#pragma once

#include "protocols/iso8583/dialect.hpp"

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <iterator>

namespace switchyard::iso8583 {

/// A set of field numbers 1..192 stored as three ISO bitmaps (bit 1 is the leftmost bit).
class bitmap {
public:
  /// The highest bit number.
  static constexpr int max_bit = 192;

  /// Iterates the set bits in increasing order.
  class iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = int;
    using difference_type = std::ptrdiff_t;
    using pointer = const int*;
    using reference = int;

    /// Stands on `bit` of `owner` (0 = past the end).
    iterator(const bitmap* owner, int bit) noexcept : owner_(owner), bit_(bit) {}

    /// Returns the current bit number.
    int operator*() const noexcept { return bit_; }

    /// Moves to the next set bit.
    iterator& operator++() noexcept {
      bit_ = owner_->next(bit_);
      return *this;
    }

    /// Moves to the next set bit, returning the previous position.
    iterator operator++(int) noexcept {
      iterator old = *this;
      ++*this;
      return old;
    }

    /// Returns true when both iterators stand on the same bit.
    bool operator==(const iterator& other) const noexcept { return bit_ == other.bit_; }

  private:
    const bitmap* owner_;
    int bit_;
  };

  /// Returns true when `bit` (1..192) is set; false for any other number.
  bool test(int bit) const noexcept {
    if (bit < 1 || bit > max_bit)
      return false;
    return (words_[index(bit)] & mask(bit)) != 0;
  }

  /// Sets `bit`, which must be in 1..192.
  void set(int bit) noexcept { words_[index(bit)] |= mask(bit); }

  /// Clears `bit`, which must be in 1..192.
  void reset(int bit) noexcept { words_[index(bit)] &= ~mask(bit); }

  /// Clears every bit.
  void clear() noexcept { words_ = {}; }

  /// Returns true when no bit is set.
  bool empty() const noexcept { return (words_[0] | words_[1] | words_[2]) == 0; }

  /// Returns the number of set bits.
  int count() const noexcept {
    return std::popcount(words_[0]) + std::popcount(words_[1]) + std::popcount(words_[2]);
  }

  /// Returns the first set bit greater than `after` (0..191), or 0 when there is none.
  int next(int after) const noexcept {
    // Bit b lives at index b - 1, so the first candidate's index is `after` itself.
    auto index = static_cast<unsigned>(after);
    while (index < max_bit) {
      // Shifting left drops the bits before the candidate; bit 1 is the most significant.
      const std::uint64_t rest = words_[index / 64] << (index % 64);
      if (rest != 0)
        return static_cast<int>(index) + std::countl_zero(rest) + 1;
      index = (index / 64 + 1) * 64;
    }
    return 0;
  }

  /// Returns the 64 bits of block `i` (0: bits 1..64, 1: 65..128, 2: 129..192).
  std::uint64_t word(std::size_t i) const noexcept { return words_[i]; }

  /// Replaces block `i` with `w`.
  void set_word(std::size_t i, std::uint64_t w) noexcept { words_[i] = w; }

  /// Returns an iterator to the first set bit.
  iterator begin() const noexcept { return {this, next(0)}; }

  /// Returns the past-the-end iterator.
  iterator end() const noexcept { return {this, 0}; }

  /// Returns true when both hold the same bits.
  bool operator==(const bitmap&) const noexcept = default;

private:
  static std::size_t index(int bit) noexcept { return static_cast<std::size_t>(bit - 1) / 64; }

  static std::uint64_t mask(int bit) noexcept {
    return std::uint64_t{1} << (63 - static_cast<unsigned>(bit - 1) % 64);
  }

  std::array<std::uint64_t, 3> words_{};
};

/// Returns the bytes one 64-bit bitmap block occupies in `e` (8 or 16).
constexpr std::size_t bitmap_block_size(bitmap_encoding e) noexcept {
  return e == bitmap_encoding::binary ? 8 : 16;
}

/// Writes block `w` in encoding `e` to `out` (bitmap_block_size(e) bytes).
void write_bitmap_block(std::uint64_t w, bitmap_encoding e, std::uint8_t* out) noexcept;

/// Reads a block in encoding `e` from `in` into `w`; false on a non-hex character.
bool read_bitmap_block(const std::uint8_t* in, bitmap_encoding e, std::uint64_t& w) noexcept;

} // namespace switchyard::iso8583
