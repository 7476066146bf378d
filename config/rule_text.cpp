#include "config/rule_text.hpp"

#include "protocols/iso8583/masking.hpp"

#include <vector>

namespace switchyard::config {

namespace {

// Card data must not reach logs even when an operator configured it in a rule.
std::string loggable_value(const field_equals& fv) {
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

std::string describe_rule(const rule_settings& r) {
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

} // namespace switchyard::config
