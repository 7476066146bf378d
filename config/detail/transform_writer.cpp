#include "config/detail/transform_writer.hpp"

#include <string>
#include <vector>

namespace switchyard::config::detail {

namespace {

using iso8583::map_fallback;
using iso8583::transform_op;
using iso8583::transform_step;

std::string map_text(const transform_step& x) {
  toml_fields f;
  f.set_integer("field", x.field);
  toml_fields table;
  for (const auto& [from, to] : x.table)
    table.set_string(from, to);
  f.set_raw("table", table.inline_table());
  if (x.fallback == map_fallback::value)
    f.set_string("default_value", x.value);
  else
    f.set_string("default", x.fallback == map_fallback::keep ? "keep" : "remove");
  return f.inline_table();
}

// The operation's value, under the key named after the operation.
std::string operation_text(const transform_step& x) {
  toml_fields f;
  switch (x.op) {
    case transform_op::set:
      f.set_integer("field", x.field);
      f.set_string("value", x.value);
      return f.inline_table();
    case transform_op::copy:
    case transform_op::move:
      f.set_integer("from", x.field);
      f.set_integer("to", x.to);
      return f.inline_table();
    case transform_op::remove:
    case transform_op::restore:
      return integer_array(x.fields);
    case transform_op::map:
      return map_text(x);
  }
  return "{}";
}

toml_fields step_fields(const transform_step& x) {
  toml_fields f;
  f.set_raw(iso8583::to_string(x.op), operation_text(x));
  f.set_string("mti", x.mti);
  return f;
}

} // namespace

void write_transform(toml_document& doc, const iso8583::transform_rules& rules) {
  for (const auto& step : rules.request)
    doc.array_entry("networks.transform.request", step_fields(step));
  for (const auto& step : rules.response)
    doc.array_entry("networks.transform.response", step_fields(step));
}

} // namespace switchyard::config::detail
