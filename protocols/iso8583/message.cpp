#include "protocols/iso8583/message.hpp"

#include "protocols/iso8583/errc.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

namespace switchyard::iso8583 {

namespace {

bool is_field_number(int field) noexcept {
  return field >= 2 && field <= message::max_field;
}

std::optional<std::uint64_t> parse_digits(std::string_view s) noexcept {
  if (s.empty())
    return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      return std::nullopt;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10)
      return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

// Garbage left by overwritten values is reclaimed once it dominates a sizeable buffer.
constexpr std::size_t compact_threshold = 4096;

} // namespace

message::message() {
  data_.resize(512);
}

std::error_code message::set_mti(std::string_view mti) noexcept {
  wire_codec_ = nullptr;
  if (mti.size() != 4)
    return iso8583_errc::invalid_mti;
  for (char c : mti) {
    if (c < '0' || c > '9')
      return iso8583_errc::invalid_mti;
  }
  std::memcpy(mti_.data(), mti.data(), 4);
  has_mti_ = true;
  return {};
}

std::optional<std::string_view> message::find(int field) const noexcept {
  if (!has(field))
    return std::nullopt;
  return get(field);
}

std::error_code message::set(int field, std::string_view value) {
  if (!is_field_number(field))
    return iso8583_errc::field_out_of_range;
  if (value.size() > max_value_size)
    return iso8583_errc::invalid_value;
  // `value` may point into data_, which compaction and prepare() can move.
  const char* base = data_.data();
  if (value.data() >= base && value.data() < base + data_.size())
    return set(field, std::string(value));
  compact_if_wasteful();
  if (!value.empty())
    std::memcpy(prepare(field, value.size()), value.data(), value.size());
  else
    prepare(field, 0);
  return {};
}

std::error_code message::set_uint(int field, std::uint64_t value, std::size_t width) {
  char digits[24];
  const auto res = std::to_chars(digits, digits + sizeof(digits), value);
  const auto n = static_cast<std::size_t>(res.ptr - digits);
  if (width != 0 && n > width)
    return iso8583_errc::invalid_value;
  const std::size_t total = width > n ? width : n;
  if (!is_field_number(field))
    return iso8583_errc::field_out_of_range;
  if (total > max_value_size)
    return iso8583_errc::invalid_value;
  compact_if_wasteful();
  char* out = prepare(field, total);
  std::memset(out, '0', total - n);
  std::memcpy(out + (total - n), digits, n);
  return {};
}

std::error_code message::set_signed_amount(int field, std::int64_t minor, std::size_t digits) {
  const std::uint64_t magnitude
    = minor < 0 ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  if (auto ec = set_uint(field, magnitude, digits))
    return ec;
  std::string value(1, minor < 0 ? 'D' : 'C');
  value += get(field);
  return set(field, value);
}

std::optional<std::uint64_t> message::uint_field(int field) const noexcept {
  if (!has(field))
    return std::nullopt;
  return parse_digits(get(field));
}

std::optional<std::int64_t> message::amount_minor(int field) const noexcept {
  if (!has(field))
    return std::nullopt;
  std::string_view v = get(field);
  bool negative = false;
  if (!v.empty() && (v.front() == 'C' || v.front() == 'D')) {
    negative = v.front() == 'D';
    v.remove_prefix(1);
  }
  const auto magnitude = parse_digits(v);
  if (!magnitude
      || *magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return std::nullopt;
  const auto amount = static_cast<std::int64_t>(*magnitude);
  return negative ? -amount : amount;
}

void message::remove(int field) noexcept {
  wire_codec_ = nullptr;
  if (!has(field))
    return;
  live_bytes_ -= slots_[static_cast<std::size_t>(field)].size;
  present_.reset(field);
}

void message::clear() noexcept {
  wire_codec_ = nullptr;
  wire_size_ = 0;
  present_.clear();
  used_ = 0;
  live_bytes_ = 0;
  has_mti_ = false;
}

void message::hold_wire(byte_view wire) {
  clear();
  if (data_.size() < wire.size())
    data_.resize(std::max(2 * data_.size(), wire.size()));
  if (!wire.empty())
    std::memcpy(data_.data(), wire.data(), wire.size());
  used_ = wire.size();
  wire_size_ = wire.size();
}

char* message::prepare_slow(int field, std::size_t size) {
  slot& s = slots_[static_cast<std::size_t>(field)];
  if (present_.test(field)) {
    if (s.size >= size) {
      live_bytes_ -= s.size - size;
      s.size = static_cast<std::uint32_t>(size);
      return data_.data() + s.offset;
    }
    live_bytes_ -= s.size;
  }
  present_.set(field);
  if (data_.size() - used_ < size)
    data_.resize(std::max(2 * data_.size(), used_ + size));
  s = {static_cast<std::uint32_t>(used_), static_cast<std::uint32_t>(size)};
  used_ += size;
  live_bytes_ += size;
  return data_.data() + s.offset;
}

void message::compact_if_wasteful() {
  // Only setters compact: decoders rely on the wire staying where hold_wire() put it.
  if (used_ > compact_threshold && used_ > 2 * live_bytes_)
    compact();
}

void message::compact() {
  std::string packed(data_.size(), '\0');
  std::size_t used = 0;
  for (int f : present_) {
    slot& s = slots_[static_cast<std::size_t>(f)];
    std::memcpy(packed.data() + used, data_.data() + s.offset, s.size);
    s.offset = static_cast<std::uint32_t>(used);
    used += s.size;
  }
  data_.swap(packed);
  used_ = used;
}

bool operator==(const message& a, const message& b) noexcept {
  if (a.mti() != b.mti() || a.has_mti_ != b.has_mti_ || !(a.present_ == b.present_))
    return false;
  for (int f : a.present_) {
    if (a.get(f) != b.get(f))
      return false;
  }
  return true;
}

} // namespace switchyard::iso8583
