#include "protocols/iso8583/errc.hpp"

#include <iterator>
#include <string>

namespace switchyard::iso8583 {

namespace {

class iso8583_category_impl final : public std::error_category {
public:
  const char* name() const noexcept override { return "iso8583"; }

  std::string message(int ev) const override {
    if (ev < 1 || ev > static_cast<int>(std::size(messages)))
      return "unknown iso8583 error";
    return messages[ev - 1];
  }

private:
  // Indexed by enumerator value - 1, in declaration order.
  static constexpr const char* messages[] = {
    "truncated MTI",                                      // truncated_mti
    "MTI is not four decimal digits",                     // invalid_mti
    "message has no MTI",                                 // missing_mti
    "truncated bitmap",                                   // truncated_bitmap
    "bitmap holds a non-hex character",                   // invalid_bitmap
    "truncated length prefix",                            // truncated_length_prefix
    "length prefix is not a valid number",                // invalid_length_prefix
    "length exceeds the field maximum",                   // length_exceeds_max
    "value length does not match the fixed field length", // invalid_length
    "truncated field",                                    // truncated_field
    "character not allowed by the field type",            // invalid_character
    "field not defined by the dialect",                   // field_not_in_dialect
    "field number out of range",                          // field_out_of_range
    "trailing data after the last field",                 // trailing_data
    "output buffer too small",                            // buffer_too_small
    "frame exceeds the maximum frame size",               // frame_too_large
    "invalid frame length prefix",                        // invalid_frame_length
    "frame shorter than its header",                      // frame_too_small
    "truncated TLV",                                      // tlv_truncated
    "invalid TLV tag",                                    // tlv_invalid_tag
    "invalid TLV length",                                 // tlv_invalid_length
    "MTI is not a request",                               // not_a_request
    "value cannot be represented",                        // invalid_value
  };
  static_assert(std::size(messages) == static_cast<std::size_t>(iso8583_errc::invalid_value));
};

} // namespace

const std::error_category& iso8583_category() noexcept {
  static const iso8583_category_impl instance;
  return instance;
}

std::error_code make_error_code(iso8583_errc e) noexcept {
  return {static_cast<int>(e), iso8583_category()};
}

} // namespace switchyard::iso8583
