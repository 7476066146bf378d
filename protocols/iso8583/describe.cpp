#include "protocols/iso8583/describe.hpp"

#include "protocols/iso8583/concat.hpp"
#include "protocols/iso8583/masking.hpp"

#include <cstdio>

namespace switchyard::iso8583 {

namespace {

std::string shown_value(const message& m, const dialect& d, int field) {
  const std::string_view value = m.get(field);
  const field_spec* spec = d.find(field);
  if (spec == nullptr)
    return concat({"<masked ", std::to_string(value.size()), " bytes, not in dialect>"});
  return masked_value(*spec, value);
}

// Masked markers ("<masked ...>") are left unquoted; other values with spaces are quoted.
bool needs_quotes(const std::string& s) {
  return s.empty() || (s.front() != '<' && s.find(' ') != std::string::npos);
}

void append_one_line(std::string& out, int field, const std::string& value) {
  out += ' ';
  out += std::to_string(field);
  out += '=';
  if (needs_quotes(value)) {
    out += '\'';
    out += value;
    out += '\'';
  } else {
    out += value;
  }
}

void append_line(std::string& out, const dialect& d, int field, const std::string& value) {
  char number[16];
  std::snprintf(number, sizeof(number), "%3d", field);
  out += "\n  ";
  out += number;
  const std::string& name = d.names[static_cast<std::size_t>(field)];
  if (!name.empty()) {
    out += ' ';
    out += name;
  }
  out += ": ";
  out += value;
}

} // namespace

std::string describe(const message& m, const dialect& d, describe_style style) {
  std::string out;
  const std::string_view mti = m.has_mti() ? m.mti() : std::string_view{"----"};
  if (style == describe_style::multi_line)
    out += "MTI ";
  out += mti;
  for (int f : m.fields()) {
    const std::string value = shown_value(m, d, f);
    if (style == describe_style::one_line)
      append_one_line(out, f, value);
    else
      append_line(out, d, f, value);
  }
  return out;
}

} // namespace switchyard::iso8583
