#pragma once

// JSON text as the JSON-RPC codec needs it: validated once (RFC 8259, by Boost.JSON's
// parser, with a nesting limit), then read by spans into the original bytes, so ids, params
// and results pass through without being parsed into values or serialized again.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchyard::jsonrpc {

/// Where and why a text is not valid JSON.
struct json_error {
  std::size_t offset = 0; ///< byte offset of the first bad byte
  std::string what;
};

/// Checks that `text` is exactly one JSON value (whitespace around it allowed), nested at
/// most `max_depth` arrays and objects deep.
std::optional<json_error> validate_json(std::string_view text, std::size_t max_depth);

/// The kind of a JSON value, from its first byte.
enum class json_kind { object, array, string, number, boolean, null, invalid };

/// Returns the kind of the valid JSON value `value` (no surrounding whitespace).
json_kind kind_of(std::string_view value) noexcept;

/// Returns `text` without leading and trailing JSON whitespace.
std::string_view trim_json(std::string_view text) noexcept;

/// One member of an object: its name (escapes resolved) and its value's text.
struct json_member {
  std::string name;
  std::string_view value;
};

/// Returns the members of the valid JSON object `object`, in order, values as spans into it.
std::vector<json_member> members_of(std::string_view object);

/// Returns the elements of the valid JSON array `array`, in order, as spans into it.
std::vector<std::string_view> elements_of(std::string_view array);

/// Returns the content of the valid JSON string `value` with its escapes resolved.
std::string unescape_string(std::string_view value);

/// Appends `text` as a JSON string (quotes and escapes added) to `out`.
void append_json_string(std::string& out, std::string_view text);

} // namespace switchyard::jsonrpc
