#include "core/route_rule.hpp"

#include "config/patterns.hpp"

#include <algorithm>

namespace switchyard::core {

namespace {

using config::protocol_kind;

std::uint64_t to_number(std::string_view digits) {
  std::uint64_t value = 0;
  for (char c : digits)
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  return value;
}

bool has_iso_condition(const config::rule_settings& r) {
  return r.bin || r.mti || !r.field_values.empty() || !r.fields_present.empty() || r.amount_above;
}

bool bin_matches(const route_rule& r, std::string_view pan) {
  if (pan.size() < r.bin_digits)
    return false;
  std::uint64_t prefix = 0;
  for (char c : pan.substr(0, r.bin_digits)) {
    if (c < '0' || c > '9')
      return false;
    prefix = prefix * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return prefix >= r.bin_low && prefix <= r.bin_high;
}

bool mti_matches(const std::array<char, 4>& pattern, std::string_view mti) {
  if (mti.size() != 4)
    return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (pattern[i] != '?' && pattern[i] != mti[i])
      return false;
  }
  return true;
}

} // namespace

std::optional<route_rule> compile_rule(const config::rule_settings& r, protocol_kind protocol) {
  route_rule out;
  out.priority = r.priority;
  out.is_default = r.is_default;
  if (r.is_default)
    return out;
  if (protocol == protocol_kind::jsonrpc) {
    if (!r.method || !config::is_method_pattern(*r.method) || has_iso_condition(r))
      return std::nullopt;
    out.method_prefix = r.method->ends_with('*');
    out.method = out.method_prefix ? r.method->substr(0, r.method->size() - 1) : *r.method;
    return out;
  }
  if (r.method || !has_iso_condition(r))
    return std::nullopt;
  if (r.bin) {
    auto range = config::parse_bin_range(r.bin->low + "-" + r.bin->high);
    if (!range)
      return std::nullopt;
    out.bin_digits = range->low.size();
    out.bin_low = to_number(range->low);
    out.bin_high = to_number(range->high);
  }
  if (r.mti) {
    if (!config::is_mti_pattern(*r.mti))
      return std::nullopt;
    out.mti.emplace();
    std::copy(r.mti->begin(), r.mti->end(), out.mti->begin());
  }
  out.field_values = r.field_values;
  out.fields_present = r.fields_present;
  out.amount_above = r.amount_above;
  return out;
}

bool matches(const route_rule& r, const routable& m) noexcept {
  if (r.is_default)
    return true;
  if (r.bin_digits > 0 && !bin_matches(r, m.field(2).value_or(std::string_view{})))
    return false;
  if (r.mti && !mti_matches(*r.mti, m.message_type()))
    return false;
  for (const auto& fv : r.field_values) {
    auto value = m.field(fv.field);
    if (!value || *value != fv.value)
      return false;
  }
  for (auto field : r.fields_present) {
    if (!m.field(field))
      return false;
  }
  if (r.amount_above) {
    auto amount = m.amount();
    if (!amount || *amount <= *r.amount_above)
      return false;
  }
  return true;
}

bool matches(const route_rule& r, std::string_view method) noexcept {
  if (r.is_default)
    return true;
  return r.method_prefix ? method.starts_with(*r.method) : method == *r.method;
}

} // namespace switchyard::core
