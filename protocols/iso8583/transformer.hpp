#pragma once

#include "protocols/iso8583/message.hpp"
#include "protocols/iso8583/original_fields.hpp"
#include "protocols/iso8583/transform_rules.hpp"

#include <cstdint>
#include <vector>

namespace switchyard::iso8583 {

/// What one transformation step did to a message.
enum class step_outcome : std::uint8_t {
  changed,   ///< the message changed
  unchanged, ///< the step ran and left the message as it was (a value already in place)
  absent,    ///< the fields it works on are absent
  other_mti, ///< the step is for other MTIs
};

/// Returns a few words for `outcome` ("changed", "field absent", ...).
const char* to_string(step_outcome outcome) noexcept;

/// Applies one network's transformations: its request steps to requests on their way to the
/// network, its response steps and the restoring of what the request steps changed to the
/// answers on their way back. Immutable once built, so any thread may use it.
class transformer {
public:
  /// Takes `rules`, checked already (field numbers, one table key once).
  explicit transformer(transform_rules rules);

  /// Returns the rules as configured.
  const transform_rules& rules() const noexcept { return rules_; }

  /// Applies the request steps to `m` in order; each field they change is recorded in
  /// `originals` with what the sender had in it. With `outcomes`, one entry per step is
  /// appended.
  void transform_request(message& m, original_fields& originals,
                         std::vector<step_outcome>* outcomes = nullptr) const;

  /// Applies the response steps to `response`, which answers `request` as it went upstream,
  /// `originals` being what transform_request() changed in it (restore steps read the
  /// sender's values there). What the request steps changed is not restored here: that is
  /// original_fields::restore(), which gateway-made answers need as well.
  void transform_response(message& response, const message& request,
                          const original_fields& originals,
                          std::vector<step_outcome>* outcomes = nullptr) const;

private:
  step_outcome apply(const transform_step& step, std::size_t index, message& m,
                     original_fields* originals) const;
  step_outcome apply_map(const transform_step& step, std::size_t index, message& m,
                         original_fields* originals) const;
  static step_outcome restore(const transform_step& step, message& response, const message& request,
                              const original_fields& originals);

  transform_rules rules_;
  // The map tables of the request then response steps, by step, sorted by their keys.
  std::vector<std::vector<std::pair<std::string, std::string>>> sorted_tables_;
};

} // namespace switchyard::iso8583
