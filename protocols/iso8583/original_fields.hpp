#pragma once

#include "protocols/iso8583/message.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchyard::iso8583 {

/// What fields of a message held before the gateway changed them on its way upstream (absent
/// ones too), so that its answer can be given the sender's view back.
class original_fields {
public:
  /// Records that `field` held `value` (nothing: it was absent) before it first changed; the
  /// first record of a field stands, later ones are ignored.
  void keep(int field, std::optional<std::string_view> value);

  /// Returns whether no field was recorded.
  bool empty() const noexcept { return fields_.empty(); }

  /// Returns the recorded original of `field`: nullptr when it never changed, else its value,
  /// or nothing when it was absent.
  const std::optional<std::string>* find(int field) const noexcept;

  /// Returns what the sender had in `field`, given the message `now` as it is after the
  /// changes: the recorded original when the field changed, else its value in `now`.
  std::optional<std::string_view> value_of(int field, const message& now) const noexcept;

  /// Gives `answer` the sender's view of every recorded field: a field it sent gets its value
  /// back where `answer` carries the field; a field it did not send is removed from `answer`.
  void restore(message& answer) const;

private:
  std::vector<std::pair<int, std::optional<std::string>>> fields_;
};

} // namespace switchyard::iso8583
