#pragma once

// Validation of the parameters the simulated methods take; each check returns an empty
// string when the value is acceptable and otherwise why not (the -32602 message).

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace switchyard::rpc_sim {

/// The positional parameters of one call (absent or null parameters are none).
class arguments {
public:
  /// Views `params`, which outlives the object.
  explicit arguments(const boost::json::value& params);

  /// Checks that the parameters are an array of `min` to `max` elements.
  std::string check(std::size_t min, std::size_t max) const;

  /// Returns argument `i`, or null when there are fewer (a trailing null counts as absent).
  const boost::json::value* at(std::size_t i) const;

private:
  const boost::json::value& params_;
};

/// Checks that `v` is an address ("0x" and 40 hex digits), naming it `what` in the message.
std::string check_address(const boost::json::value* v, std::string_view what);

/// Checks an optional block parameter: a tag (latest, earliest, pending, safe, finalized), a
/// quantity, or an EIP-1898 object with blockHash or blockNumber.
std::string check_block_ref(const boost::json::value* v, std::string_view what);

/// Checks eth_call's transaction object: `to` an address, `from` too if present, `data` or
/// `input` hex bytes if present.
std::string check_call_object(const boost::json::value* v);

/// Checks an eth_getLogs filter: an object whose blocks, addresses and topics are well formed.
std::string check_log_filter(const boost::json::value* v);

/// Returns the text of string `v`, or an empty view when `v` is not a string.
std::string_view text_of(const boost::json::value* v);

} // namespace switchyard::rpc_sim
