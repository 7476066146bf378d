#pragma once

#include "protocols/iso8583/message.hpp"
#include "tools/loadgen-iso8583/loadgen_settings.hpp"

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::loadgen {

/// Builds the requests of one connection: fields 2, 3, 4, 7, 11, 12, 13, 22, 25, 37, 41, 42
/// and 49, with a terminal id (41) of its own and card numbers in rotation.
class request_factory {
public:
  /// Prepares requests as `settings` describe for connection `index` (0-based), drawing
  /// amounts from a generator seeded with `seed`.
  request_factory(const loadgen_settings& settings, std::uint32_t index, std::uint64_t seed);

  /// Returns the terminal id (field 41) every request of this connection carries.
  std::string_view terminal_id() const noexcept { return terminal_; }

  /// Returns the MTI answers must carry.
  std::string_view response_mti() const noexcept { return response_mti_; }

  /// Returns the RRN (field 37) of request number `sequence`: 3 digits of connection and 9
  /// of sequence, or with --rrn-prefix D, D then 3 digits of connection and 8 of sequence.
  std::uint64_t rrn(std::uint64_t sequence) const noexcept;

  /// Returns rrn(`sequence`) as the 12 digits field 37 carries.
  std::string rrn_text(std::uint64_t sequence) const;

  /// Makes `out` request number `sequence` with STAN `stan`, stamped with `now` (UTC);
  /// reusing one message keeps this free of allocations.
  void build(iso8583::message& out, std::uint32_t stan, std::uint64_t sequence,
             std::chrono::system_clock::time_point now);

private:
  void stamp(std::chrono::system_clock::time_point now);

  const loadgen_settings& settings_;
  std::uint32_t index_;
  std::vector<std::string> pans_;
  std::string terminal_;
  std::string response_mti_;
  std::mt19937_64 rng_;
  std::int64_t stamped_second_ = -1;
  char transmission_[11] = {}; // MMDDhhmmss, field 7
};

} // namespace switchyard::loadgen
