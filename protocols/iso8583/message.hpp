#pragma once

#include "protocols/iso8583/bitmap.hpp"
#include "protocols/iso8583/bytes.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace switchyard::iso8583 {

/// An ISO 8583 message: an MTI and field values 2..192 kept in one reusable buffer.
/// Text fields hold their characters, type b fields their raw bytes, x+n fields the sign
/// character followed by the digits. Values are checked against a dialect only when packing.
class message {
public:
  /// The highest field number a message can hold.
  static constexpr int max_field = 192;

  /// The longest value any field may hold (an LLLLLL maximum).
  static constexpr std::size_t max_value_size = 999999;

  /// Creates an empty message with room for a typical authorization.
  message();

  /// Returns true when an MTI is set.
  bool has_mti() const noexcept { return has_mti_; }

  /// Returns the MTI, or an empty view when none is set.
  std::string_view mti() const noexcept {
    return has_mti_ ? std::string_view{mti_.data(), mti_.size()} : std::string_view{};
  }

  /// Sets the MTI; fails with invalid_mti unless `mti` is four decimal digits.
  std::error_code set_mti(std::string_view mti) noexcept;

  /// Returns true when `field` holds a value.
  bool has(int field) const noexcept { return field >= 2 && present_.test(field); }

  /// Returns the value of `field`, or an empty view when it is absent.
  std::string_view get(int field) const noexcept {
    if (!has(field))
      return {};
    const slot& s = slots_[static_cast<std::size_t>(field)];
    return {data_.data() + s.offset, s.size};
  }

  /// Returns the value of `field`, or nothing when it is absent.
  std::optional<std::string_view> find(int field) const noexcept;

  /// Returns the value of `field` as bytes (for type b fields), empty when absent.
  byte_view bytes(int field) const noexcept { return as_byte_view(get(field)); }

  /// Sets `field` (2..192) to `value`; fails with field_out_of_range or invalid_value.
  std::error_code set(int field, std::string_view value);

  /// Sets binary `field` to the bytes of `value`.
  std::error_code set_bytes(int field, byte_view value) {
    return set(field, as_string_view(value));
  }

  /// Sets `field` to the decimal digits of `value`, zero-padded to `width` when non-zero;
  /// fails with invalid_value when the digits do not fit in `width`.
  std::error_code set_uint(int field, std::uint64_t value, std::size_t width = 0);

  /// Sets x+n `field` to 'C' (credit, >= 0) or 'D' (debit) and `digits` digits of |minor|.
  std::error_code set_signed_amount(int field, std::int64_t minor, std::size_t digits);

  /// Returns `field` as an unsigned number, or nothing when absent, empty, not all digits,
  /// or beyond 64 bits.
  std::optional<std::uint64_t> uint_field(int field) const noexcept;

  /// Returns an amount in minor units: digits (n) or a 'C'/'D' sign and digits (x+n, 'D' is
  /// negative); nothing when absent or malformed.
  std::optional<std::int64_t> amount_minor(int field) const noexcept;

  /// Removes `field`; nothing happens when it is absent.
  void remove(int field) noexcept;

  /// Removes the MTI and every field, keeping the buffer's capacity.
  void clear() noexcept;

  /// Returns the number of fields present.
  int size() const noexcept { return present_.count(); }

  /// Returns the set of fields present (for iteration in field order).
  const bitmap& fields() const noexcept { return present_; }

  /// Marks `field` (2..192) present with `size` unspecified characters and returns where to
  /// write them; for decoders. The pointer is valid until the next change to the message.
  /// Never moves existing values, so offsets given to use_wire_bytes() stay valid.
  char* prepare(int field, std::size_t size) {
    wire_codec_ = nullptr;
    // The decoder's case, a new field with room left, stays inline.
    if (present_.test(field) || data_.size() - used_ < size)
      return prepare_slow(field, size);
    present_.set(field);
    slots_[static_cast<std::size_t>(field)]
      = {static_cast<std::uint32_t>(used_), static_cast<std::uint32_t>(size)};
    char* out = data_.data() + used_;
    used_ += size;
    live_bytes_ += size;
    return out;
  }

  /// Clears the message and keeps a copy of `wire`, so that a decoder can point fields at
  /// their bytes with use_wire_bytes() instead of copying each value.
  void hold_wire(byte_view wire);

  /// Records that the wire given to hold_wire() decoded completely with `codec` (a dialect);
  /// any later change to the message forgets it.
  void mark_wire(const void* codec) noexcept { wire_codec_ = codec; }

  /// Returns the wire the message was decoded from when that was done with `codec` and the
  /// message has not changed since: packing with the same dialect may send it as it is.
  std::optional<byte_view> wire_for(const void* codec) const noexcept {
    if (wire_codec_ == nullptr || wire_codec_ != codec)
      return std::nullopt;
    return byte_view{reinterpret_cast<const std::uint8_t*>(data_.data()), wire_size_};
  }

  /// Makes `field` (2..192) the `size` bytes at `offset` of the wire given to hold_wire().
  void use_wire_bytes(int field, std::size_t offset, std::size_t size) noexcept {
    wire_codec_ = nullptr;
    slot& s = slots_[static_cast<std::size_t>(field)];
    if (present_.test(field))
      live_bytes_ -= s.size;
    present_.set(field);
    s = {static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(size)};
    live_bytes_ += size;
  }

  /// Returns true when both have the same MTI and the same field values.
  friend bool operator==(const message& a, const message& b) noexcept;

private:
  struct slot {
    std::uint32_t offset = 0;
    std::uint32_t size = 0;
  };

  char* prepare_slow(int field, std::size_t size);
  void compact_if_wasteful();
  void compact();

  std::array<slot, max_field + 1> slots_{};
  bitmap present_;
  std::string data_;           // sized to its capacity; only the first used_ bytes matter
  std::size_t used_ = 0;       // bytes of data_ handed out, overwritten values included
  std::size_t live_bytes_ = 0; // bytes of data_ held by present fields
  std::array<char, 4> mti_{};
  bool has_mti_ = false;
  const void* wire_codec_ = nullptr; // the dialect the held wire decoded with, if unchanged
  std::size_t wire_size_ = 0;        // bytes of data_ that are the held wire
};

} // namespace switchyard::iso8583
