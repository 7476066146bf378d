#pragma once

// Ethereum's JSON encodings (quantities, addresses, byte strings) and the deterministic
// digests the simulator derives its answers from.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard::rpc_sim {

/// Renders `value` as an Ethereum quantity: "0x" and lowercase hex without leading zeros.
std::string to_quantity(std::uint64_t value);

/// Parses a quantity ("0x" and 1 to 16 hex digits, either case); nothing otherwise.
std::optional<std::uint64_t> parse_quantity(std::string_view text);

/// Returns true for "0x" followed by exactly 40 hex digits (either case).
bool is_address(std::string_view text);

/// Returns true for "0x" followed by an even number of hex digits, possibly none.
bool is_hex_data(std::string_view text);

/// Returns `text` with ASCII letters in lowercase, so that checksummed addresses hash alike.
std::string to_lower(std::string_view text);

/// Returns a 64-bit digest of `data` (FNV-1a, then a mixing step) started from `salt`.
std::uint64_t digest64(std::string_view data, std::uint64_t salt = 0);

/// Returns "0x" and 2 * `bytes` lowercase hex digits derived from `data` alone.
std::string hex_digest(std::string_view data, std::size_t bytes = 32);

} // namespace switchyard::rpc_sim
