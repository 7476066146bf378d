#pragma once

// What routing rules read from a request, whatever its protocol: numbered fields (ISO 8583
// data elements), a message type and an amount. Core knows no protocol; each adapts its
// messages to this.

#include <cstdint>
#include <optional>
#include <string_view>

namespace switchyard::core {

/// A request as routing rules see it.
class routable {
public:
  /// Returns field `number`, or nothing when the request has none.
  virtual std::optional<std::string_view> field(int number) const noexcept = 0;

  /// Returns the message type (four characters for ISO 8583), empty when there is none.
  virtual std::string_view message_type() const noexcept = 0;

  /// Returns the amount in minor units (field 4), nothing when absent or not a number.
  virtual std::optional<std::uint64_t> amount() const noexcept = 0;

protected:
  ~routable() = default;
};

/// A routable view of any message type offering find(number), mti() and uint_field(number)
/// (such as an ISO 8583 message); it refers to the message, which must outlive it.
template <class Message>
class message_view final : public routable {
public:
  explicit message_view(const Message& m) noexcept : m_(m) {}

  std::optional<std::string_view> field(int number) const noexcept override {
    return m_.find(number);
  }

  std::string_view message_type() const noexcept override { return m_.mti(); }

  std::optional<std::uint64_t> amount() const noexcept override { return m_.uint_field(4); }

private:
  const Message& m_;
};

} // namespace switchyard::core
