#pragma once

// Declarative per-network transformations of ISO 8583 messages, as plain data: what the
// configuration parses and what a transformer applies.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchyard::iso8583 {

/// What one transformation step does.
enum class transform_op : std::uint8_t {
  set,     ///< `field` = `value`
  copy,    ///< `to` = `field` (the source stays)
  move,    ///< `to` = `field`, then `field` removed
  remove,  ///< every field of `fields` removed
  map,     ///< `field` looked up in `table`; what a miss does says `fallback`
  restore, ///< responses only: each of `fields` as the acquirer sent it in its request
};

/// What a map step does with a value its table lacks (or with an absent field: nothing).
enum class map_fallback : std::uint8_t {
  keep,   ///< the value stays
  remove, ///< the field is removed
  value,  ///< the field becomes `transform_step::value`
};

/// One step of a transformation; which members matter depends on `op`.
struct transform_step {
  transform_op op = transform_op::set;
  int field = 0;           ///< set and map: the field; copy and move: the source
  int to = 0;              ///< copy and move: the destination
  std::vector<int> fields; ///< remove and restore
  std::string value;       ///< set: the value; map: the value of a miss (fallback value)
  std::vector<std::pair<std::string, std::string>> table; ///< map: from -> to, as configured
  map_fallback fallback = map_fallback::keep;             ///< map
  std::string mti; ///< the step runs only for MTIs matching this ('?' any digit); empty: all

  friend bool operator==(const transform_step&, const transform_step&) = default;
};

/// The transformations of one network: requests on their way to it, responses on their way
/// back to the acquirer.
struct transform_rules {
  std::vector<transform_step> request;
  std::vector<transform_step> response;

  /// Returns true when neither direction has a step.
  bool empty() const noexcept { return request.empty() && response.empty(); }

  friend bool operator==(const transform_rules&, const transform_rules&) = default;
};

/// Returns the TOML key of `op` ("set", "copy", ...).
std::string_view to_string(transform_op op) noexcept;

/// Returns whether `mti` matches `pattern` (four characters, '?' matching any digit); an empty
/// pattern matches every MTI.
bool mti_matches(std::string_view pattern, std::string_view mti) noexcept;

/// Describes `step` in one line for operators, e.g. `set 32 = "123456"`, `copy 37 -> 48`,
/// `map 3 (2 entries, else keep) for 02??`. Map tables are counted, not listed.
std::string describe(const transform_step& step);

} // namespace switchyard::iso8583
