#include "protocols/iso8583/dialect.hpp"

namespace switchyard::iso8583 {

void define_field(dialect& d, int field, field_type type, length_kind length,
                  std::uint32_t max_length) {
  field_spec spec;
  spec.defined = true;
  spec.type = type;
  spec.length = length;
  spec.max_length = max_length;
  spec.prefix = d.defaults.prefix;
  const bool fixed = length == length_kind::fixed;
  if (type == field_type::b)
    spec.encoding = d.defaults.binary;
  else if (is_numeric(type))
    spec.encoding = fixed ? d.defaults.fixed_numeric : d.defaults.variable_numeric;
  else
    spec.encoding = d.defaults.text;
  spec.pad = fixed ? default_padding(type) : padding::none;
  spec.mask = default_mask_rule(field);
  d.fields.at(static_cast<std::size_t>(field)) = spec;
}

std::vector<dialect_issue> check_dialect(const dialect& d) {
  std::vector<dialect_issue> issues;
  for (int f = 1; f <= dialect::max_field; ++f) {
    const field_spec& spec = d.fields[static_cast<std::size_t>(f)];
    if (!spec.defined)
      continue;
    if (d.is_bitmap_bit(f))
      issues.push_back({f, "field number is reserved for a bitmap"});
    else if (f > d.highest_field())
      issues.push_back({f, "fields above 128 need tertiary_bitmap = true"});
    else if (auto what = check_field_spec(spec); !what.empty())
      issues.push_back({f, what});
  }
  return issues;
}

} // namespace switchyard::iso8583
