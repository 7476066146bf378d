#include "core/route_rule.hpp"

#include "config/patterns.hpp"
#include "protocols/iso8583/masking.hpp"

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

// Card data must not reach logs even when an operator configured it in a rule.
std::string loggable_value(const config::field_equals& fv) {
  switch (fv.field) {
    case 2:
      return iso8583::mask_pan(fv.value);
    case 35:
    case 36:
    case 45:
      return iso8583::mask_track(fv.value);
    case 52:
    case 55:
      return "<masked>";
    default:
      return fv.value;
  }
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

bool matches(const route_rule& r, const iso8583::message& m) noexcept {
  if (r.is_default)
    return true;
  if (r.bin_digits > 0 && !bin_matches(r, m.get(2)))
    return false;
  if (r.mti && !mti_matches(*r.mti, m.mti()))
    return false;
  for (const auto& fv : r.field_values) {
    if (!m.has(fv.field) || m.get(fv.field) != fv.value)
      return false;
  }
  for (auto field : r.fields_present) {
    if (!m.has(field))
      return false;
  }
  if (r.amount_above) {
    auto amount = m.uint_field(4);
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

std::string describe(const config::rule_settings& r) {
  std::vector<std::string> parts;
  if (r.bin)
    parts.push_back("bin " + r.bin->low + "-" + r.bin->high);
  if (r.mti)
    parts.push_back("mti " + *r.mti);
  for (const auto& fv : r.field_values)
    parts.push_back("field " + std::to_string(fv.field) + " = \"" + loggable_value(fv) + "\"");
  for (auto field : r.fields_present)
    parts.push_back("field " + std::to_string(field) + " present");
  if (r.amount_above)
    parts.push_back("amount above " + std::to_string(*r.amount_above));
  if (r.method)
    parts.push_back("method " + *r.method);
  if (r.is_default)
    parts.assign(1, "default");
  std::string text = "priority " + std::to_string(r.priority) + ":";
  for (std::size_t i = 0; i < parts.size(); ++i)
    text += (i == 0 ? " " : " and ") + parts[i];
  return text;
}

} // namespace switchyard::core
